# METADATA
# title: Subject can read Secrets through a binding
# description: >-
#   A user, group or ServiceAccount that is not a Kubernetes component is bound to a role whose
#   effective rules (aggregated ClusterRoles included) allow get, list or watch on Secrets, with
#   no resourceNames limit. Secrets hold credentials, TLS keys and ServiceAccount tokens; whoever
#   holds this subject's credentials can read them all within the binding's scope.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles
# custom:
#   id: PAL-K8S-120
#   severity: HIGH
#   input: kubernetes_set
#   remediation: >-
#     Bind the subject to a role without get, list and watch on secrets, or limit get to the
#     Secrets it needs with resourceNames; prefer a RoleBinding in one namespace to a
#     ClusterRoleBinding.
#   compliance:
#   - cis-k8s-1.10:5.1.2
#   - nsa-cisa-1.2:rbac
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.3.2
package palisade.kubernetes_set.rbac_subject_read_secrets

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.set_subject_grants
	what := k8s.rbac_permission_whats(g.permissions, "secrets")
	res := {
		"msg": sprintf("%s can %s %s through %s", [g.who, what, g.scope, g.via]),
		"object": g.object,
		"path": ["subjects", g.subject],
	}
}
