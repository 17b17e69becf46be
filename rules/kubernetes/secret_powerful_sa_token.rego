# METADATA
# title: Long-lived token of a ServiceAccount with dangerous permissions
# description: >-
#   A kubernetes.io/service-account-token Secret holds a token that never expires, for a
#   ServiceAccount that a binding in the scan gives cluster-admin, wildcard access, or the right
#   to read Secrets, create or exec into Pods, impersonate or escalate. Anyone who reads the
#   Secret, or any copy of it, keeps those permissions until the Secret is deleted.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
# custom:
#   id: PAL-K8S-117
#   severity: HIGH
#   input: kubernetes_set
#   remediation: >-
#     Delete the token Secret and issue short-lived tokens with the TokenRequest API; reduce the
#     ServiceAccount's permissions.
#   compliance:
#   - nsa-cisa-1.2:service-account-tokens
#   - nsa-cisa-1.2:secrets
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes_set.secret_powerful_sa_token

import data.lib.kubernetes as k8s

_annotation := "kubernetes.io/service-account.name"

deny contains res if {
	some i, s in input.objects
	s.kind == "Secret"
	s.type == "kubernetes.io/service-account-token"
	sa := s.metadata.annotations[_annotation]
	grants := k8s.set_service_account_dangers(k8s.namespace_of(s), sa)
	count(grants) > 0
	whats := sort({g.what | some g in grants})
	bindings := sort({g.binding | some g in grants})
	res := {
		"msg": sprintf("%s holds a never-expiring token of ServiceAccount %q, which can %s through %s", [k8s.kind_name_of(s), sa, concat(", ", whats), concat(", ", bindings)]),
		"object": i,
		"path": ["metadata", "annotations", _annotation],
	}
}
