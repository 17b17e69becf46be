# METADATA
# title: Role can create ServiceAccount tokens
# description: >-
#   Create on serviceaccounts/token issues tokens for ServiceAccounts, so its holder can act as
#   any ServiceAccount in scope, including those of controllers with broad permissions.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request
# - https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/
# custom:
#   id: PAL-K8S-095
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove create on serviceaccounts/token, or limit it with resourceNames to the ServiceAccounts
#     the subject must issue tokens for.
#   compliance:
#   - cis-k8s-1.10:5.1.13
#   - nsa-cisa-1.2:rbac
#   - nsa-cisa-1.2:service-account-tokens
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_serviceaccount_token

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"serviceaccounts/token", "*/token"}, {"create"})
	not g.restricted
	res := {
		"msg": sprintf("%s can create tokens for ServiceAccounts (%s) in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
