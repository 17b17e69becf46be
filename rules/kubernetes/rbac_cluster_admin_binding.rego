# METADATA
# title: Binding to cluster-admin
# description: >-
#   cluster-admin allows every action on every resource. Bound with a ClusterRoleBinding it
#   controls the whole cluster; bound with a RoleBinding it controls the namespace, its Secrets
#   and its RBAC. Users, groups and ServiceAccounts rarely need that much.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
# custom:
#   id: PAL-K8S-088
#   severity: HIGH
#   input: kubernetes
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: >-
#     Bind a role with only the permissions the subject needs (for people, the admin, edit or view
#     ClusterRoles in a RoleBinding) and keep cluster-admin for break-glass accounts.
#   compliance:
#   - cis-k8s-1.10:5.1.1
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_cluster_admin_binding

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.rbac_builtin
	input.roleRef.kind == "ClusterRole"
	input.roleRef.name == "cluster-admin"
	some i, s in object.get(input, "subjects", [])
	not startswith(object.get(s, "name", ""), "system:")
	res := {
		"msg": sprintf("%s gives %s %q the cluster-admin ClusterRole", [k8s.kind_name, object.get(s, "kind", "subject"), object.get(s, "name", "")]),
		"path": ["subjects", i, "name"],
	}
}
