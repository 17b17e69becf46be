# METADATA
# title: NET_RAW capability not dropped
# description: >-
#   Most container runtimes grant NET_RAW by default. It lets a process craft raw packets, which
#   enables ARP and DNS spoofing against other pods on the node and sniffing of their traffic.
#   Few applications need it (ping works without it on recent kernels). The container neither
#   drops NET_RAW (or ALL) nor keeps from adding it back.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
# - https://man7.org/linux/man-pages/man7/capabilities.7.html
# custom:
#   id: PAL-K8S-012
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Add NET_RAW (or better ALL) to securityContext.capabilities.drop and do not list it in
#     capabilities.add.
#   compliance:
#   - cis-k8s-1.10:5.2.8
#   - pss:restricted
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.net_raw_not_dropped

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.podsec_windows
	some x in k8s.containers
	drops := x.drop
	not "NET_RAW" in drops
	not "ALL" in drops
	res := {
		"msg": sprintf("Container %q of %s does not drop the NET_RAW capability", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "capabilities", "drop"]),
	}
}

deny contains res if {
	some a in k8s.podsec_added_caps
	a.cap in {"NET_RAW", "ALL"}
	res := {
		"msg": sprintf("Container %q of %s adds %q, which grants NET_RAW", [a.x.container.name, k8s.kind_name, a.name]),
		"path": a.path,
	}
}
