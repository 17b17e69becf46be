# METADATA
# title: Subject can escalate, bind roles or impersonate
# description: >-
#   A user, group or ServiceAccount that is not a Kubernetes component is bound to a role whose
#   effective rules (aggregated ClusterRoles included) allow escalate or bind on Roles or
#   ClusterRoles, or impersonate on users, groups, ServiceAccounts or user extras. Each lets it
#   get permissions it was not given: by writing or binding a more powerful role, or by acting as
#   another identity.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
# - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
# custom:
#   id: PAL-K8S-123
#   severity: HIGH
#   input: kubernetes_set
#   remediation: >-
#     Remove the escalate, bind and impersonate verbs from the subject's roles; grant bind only with
#     resourceNames listing the roles it may hand out.
#   compliance:
#   - cis-k8s-1.10:5.1.8
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
#   - nist-800-190:4.3.2
package palisade.kubernetes_set.rbac_subject_escalation

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.set_subject_grants
	what := k8s.rbac_permission_whats(g.permissions, "escalation")
	res := {
		"msg": sprintf("%s can %s %s through %s", [g.who, what, g.scope, g.via]),
		"object": g.object,
		"path": ["subjects", g.subject],
	}
}
