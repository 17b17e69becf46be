# METADATA
# title: Root filesystem is writable
# description: >-
#   Without readOnlyRootFilesystem: true an attacker who gets code execution in the container can
#   change its binaries and configuration, drop tools and persist across process restarts. An
#   immutable root filesystem, with emptyDir volumes for the few paths that must be written, makes
#   that much harder.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# - https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
# custom:
#   id: PAL-K8S-020
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes on the
#     directories the application writes to (/tmp, caches).
#   compliance:
#   - nsa-cisa-1.2:immutable-filesystem
#   - nist-800-190:4.4.3
package palisade.kubernetes.read_only_root_fs

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.podsec_windows
	some x in k8s.containers
	csc := x.sc
	not csc.readOnlyRootFilesystem == true
	res := {
		"msg": sprintf("Container %q of %s %s", [x.container.name, k8s.kind_name, _problem(csc)]),
		"path": array.concat(x.path, ["securityContext", "readOnlyRootFilesystem"]),
	}
}

_problem(csc) := "has a writable root filesystem (readOnlyRootFilesystem: false)" if csc.readOnlyRootFilesystem == false

_problem(csc) := "does not set readOnlyRootFilesystem to true" if not csc.readOnlyRootFilesystem == false
