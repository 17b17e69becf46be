# METADATA
# title: Capability added beyond the baseline set
# description: >-
#   The container adds a Linux capability that is not in the small set the baseline Pod Security
#   Standard tolerates (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#   NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). Extra capabilities widen the
#   kernel attack surface and many of them are enough to break out of the container. A
#   baseline-enforcing namespace rejects the pod.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://man7.org/linux/man-pages/man7/capabilities.7.html
# custom:
#   id: PAL-K8S-009
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove the capability from securityContext.capabilities.add; if the application truly needs
#     it, run the workload in a namespace with a dedicated, reviewed exception.
#   compliance:
#   - cis-k8s-1.10:5.2.9
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.capabilities_baseline

import data.lib.kubernetes as k8s

deny contains res if {
	some a in k8s.podsec_added_caps
	not a.cap in k8s.podsec_baseline_caps
	res := {
		"msg": sprintf("Container %q of %s adds capability %q, which the baseline Pod Security Standard does not allow", [a.x.container.name, k8s.kind_name, a.name]),
		"path": a.path,
	}
}
