# METADATA
# title: Container runs with a low UID
# description: >-
#   The container runs with a non-root UID below 10000. Low UIDs are used by system accounts and
#   regular users on the node, so after a container escape the process may act as an existing
#   node user and reach that user's files. A UID of 10000 or higher avoids such overlaps. Pods in
#   their own user namespace (hostUsers: false) are not reported; UID 0 is reported by
#   PAL-K8S-017.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# - https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/
# custom:
#   id: PAL-K8S-019
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set runAsUser to 10000 or higher (and build the image with that numeric USER).
#   compliance:
#   - nsa-cisa-1.2:non-root-containers
#   - nist-800-190:4.4.3
package palisade.kubernetes.low_uid

import data.lib.kubernetes as k8s

low(uid) if {
	is_number(uid)
	uid > 0
	uid < 10000
}

# The pod-level value matters when at least one container inherits it.
deny contains res if {
	not k8s.podsec_user_namespace
	uid := k8s.podsec_psc.runAsUser
	low(uid)
	some x in k8s.containers
	not k8s.has_key(x.sc, "runAsUser")
	res := {
		"msg": sprintf("%s runs its containers with the low UID %v", [k8s.kind_name, uid]),
		"path": array.concat(k8s.podsec_psc_path, ["runAsUser"]),
	}
}

deny contains res if {
	not k8s.podsec_user_namespace
	some x in k8s.containers
	uid := x.sc.runAsUser
	low(uid)
	res := {
		"msg": sprintf("Container %q of %s runs with the low UID %v", [x.container.name, k8s.kind_name, uid]),
		"path": array.concat(x.path, ["securityContext", "runAsUser"]),
	}
}
