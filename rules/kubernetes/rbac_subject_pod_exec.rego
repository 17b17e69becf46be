# METADATA
# title: Subject can exec into or attach to pods through a binding
# description: >-
#   A user, group or ServiceAccount that is not a Kubernetes component is bound to a role whose
#   effective rules (aggregated ClusterRoles included) allow create on pods/exec or pods/attach,
#   or get on them, which older API servers accepted for the same streams. A shell in a pod gives
#   its files, its Secrets and its ServiceAccount token, and bypasses what the workload's own
#   interface allows.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
# custom:
#   id: PAL-K8S-121
#   severity: HIGH
#   input: kubernetes_set
#   remediation: >-
#     Remove pods/exec and pods/attach from the subject's roles, or bind them only in the
#     namespaces and for the people who debug those workloads, for a limited time.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.2
package palisade.kubernetes_set.rbac_subject_pod_exec

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.set_subject_grants
	what := k8s.rbac_permission_whats(g.permissions, "exec")
	res := {
		"msg": sprintf("%s can %s %s through %s", [g.who, what, g.scope, g.via]),
		"object": g.object,
		"path": ["subjects", g.subject],
	}
}
