# METADATA
# title: ClusterRole adds dangerous permissions to admin, edit or view
# description: >-
#   A ClusterRole labelled rbac.authorization.k8s.io/aggregate-to-admin, -edit or -view has its
#   rules added to the default ClusterRole of that name, and so to everyone bound to it in any
#   namespace. Permissions such as reading Secrets or exec into pods then spread silently,
#   for example to every read-only "view" user.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
# custom:
#   id: PAL-K8S-099
#   severity: LOW
#   input: kubernetes
#   kinds: [ClusterRole]
#   remediation: >-
#     Remove the dangerous rules from the aggregated ClusterRole, or drop the aggregation label
#     and bind a separate ClusterRole to the subjects that need them.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_aggregated_dangerous

import data.lib.kubernetes as k8s

_targets := {"admin", "edit", "view"}

deny contains res if {
	not k8s.rbac_builtin
	some target in _targets
	label := concat("", ["rbac.authorization.k8s.io/aggregate-to-", target])
	object.get(input, ["metadata", "labels", label], "") == "true"
	dangers := {d | some r in k8s.rbac_rules; some d in k8s.rbac_rule_dangers(r.rule)}
	count(dangers) > 0
	res := {
		"msg": sprintf("%s is aggregated into the %q ClusterRole, so everyone bound to %q can %s", [k8s.kind_name, target, target, concat(", ", sort(dangers))]),
		"path": ["metadata", "labels", label],
	}
}
