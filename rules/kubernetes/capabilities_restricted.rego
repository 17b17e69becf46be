# METADATA
# title: Capability added beyond NET_BIND_SERVICE
# description: >-
#   The restricted Pod Security Standard lets a container add back only NET_BIND_SERVICE after
#   dropping ALL. The container adds another capability from the baseline set (CHOWN, SETUID,
#   DAC_OVERRIDE ...), so a restricted-enforcing namespace rejects the pod. Capabilities outside
#   the baseline set are reported by PAL-K8S-009.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: PAL-K8S-014
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove the capability from securityContext.capabilities.add; fix file ownership or user IDs
#     in the image instead of granting CHOWN, SETUID, SETGID or DAC_OVERRIDE at run time.
#   compliance:
#   - cis-k8s-1.10:5.2.9
#   - pss:restricted
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.capabilities_restricted

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.podsec_windows
	some a in k8s.podsec_added_caps
	a.cap in k8s.podsec_baseline_caps
	a.cap != "NET_BIND_SERVICE"
	res := {
		"msg": sprintf("Container %q of %s adds capability %q; the restricted Pod Security Standard allows only NET_BIND_SERVICE", [a.x.container.name, k8s.kind_name, a.name]),
		"path": a.path,
	}
}
