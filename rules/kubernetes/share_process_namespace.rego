# METADATA
# title: Containers share the pod's process namespace
# description: >-
#   With shareProcessNamespace every container of the pod sees the processes of the others and
#   can read their environment, open files and root filesystem through /proc/<pid>/root, and
#   signal them. A compromised sidecar then reaches the main application's secrets and the other
#   way round.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/
# custom:
#   id: PAL-K8S-029
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove shareProcessNamespace unless a debugging or sidecar design requires it.
#   compliance:
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.share_process_namespace

import data.lib.kubernetes as k8s

deny contains res if {
	k8s.pod_spec.shareProcessNamespace == true
	res := {
		"msg": sprintf("%s shares one process namespace between its containers", [k8s.kind_name]),
		"path": array.concat(k8s.pod_spec_path, ["shareProcessNamespace"]),
	}
}
