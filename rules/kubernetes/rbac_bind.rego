# METADATA
# title: Role can bind any role
# description: >-
#   The bind verb on roles or clusterroles lets its holder create bindings to roles with
#   permissions it does not have itself, for example binding its own ServiceAccount to
#   cluster-admin.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#bind-verb
# custom:
#   id: PAL-K8S-086
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove bind (and "*") from the verbs on roles and clusterroles, or limit it with resourceNames
#     to the roles the subject is meant to hand out.
#   compliance:
#   - cis-k8s-1.10:5.1.8
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_bind

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_verb_grants(k8s.rbac_group, {"roles", "clusterroles"}, {"bind"})
	not g.restricted
	res := {
		"msg": sprintf("%s grants the bind verb (%q) on %s in rules[%d]", [k8s.kind_name, g.verb, concat(", ", g.resources), g.index]),
		"path": g.path,
	}
}
