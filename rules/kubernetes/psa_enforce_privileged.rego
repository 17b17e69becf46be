# METADATA
# title: Namespace enforces the privileged Pod Security level
# description: >-
#   The privileged Pod Security level allows everything: privileged containers, host namespaces,
#   hostPath volumes and added capabilities. Outside the namespaces of node agents this switches
#   off pod security for no reason.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#privileged
# - https://kubernetes.io/docs/concepts/security/pod-security-admission/
# custom:
#   id: PAL-K8S-101
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Namespace]
#   remediation: >-
#     Set pod-security.kubernetes.io/enforce to restricted or baseline, and move the workloads that
#     need host access into a dedicated namespace.
#   compliance:
#   - cis-k8s-1.10:5.2.1
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.3.4
package palisade.kubernetes.psa_enforce_privileged

import data.lib.kubernetes as k8s

_label := "pod-security.kubernetes.io/enforce"

deny contains res if {
	not k8s.name in k8s.system_namespaces
	object.get(input, ["metadata", "labels", _label], "") == "privileged"
	res := {
		"msg": sprintf("%s enforces the privileged Pod Security level, which allows privileged pods", [k8s.kind_name]),
		"path": ["metadata", "labels", _label],
	}
}
