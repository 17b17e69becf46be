# METADATA
# title: Container runs as UID 0
# description: >-
#   runAsUser: 0 makes the container run as root whatever user the image declares. Root in a
#   container shares UID 0 with the node (unless user namespaces are used), so a container
#   breakout, a writable host mount or a kernel bug gives root on the node. The restricted Pod
#   Security Standard forbids runAsUser 0 on the pod and on every container.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: PAL-K8S-017
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Set runAsUser to a non-zero UID (10000 or higher), or remove it and build the image with a
#     numeric non-root USER; set runAsNonRoot: true.
#   compliance:
#   - cis-k8s-1.10:5.2.7
#   - pss:restricted
#   - nsa-cisa-1.2:non-root-containers
#   - nist-800-190:4.4.3
package palisade.kubernetes.run_as_root_user

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.podsec_user_namespace
	k8s.podsec_psc.runAsUser == 0
	res := {
		"msg": sprintf("%s sets runAsUser to 0 (root) in its pod securityContext", [k8s.kind_name]),
		"path": array.concat(k8s.podsec_psc_path, ["runAsUser"]),
	}
}

deny contains res if {
	not k8s.podsec_user_namespace
	some x in k8s.containers
	x.sc.runAsUser == 0
	res := {
		"msg": sprintf("Container %q of %s runs as root (runAsUser: 0)", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "runAsUser"]),
	}
}
