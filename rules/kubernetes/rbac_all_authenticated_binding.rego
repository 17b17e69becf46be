# METADATA
# title: Binding grants permissions to every authenticated identity
# description: >-
#   The groups system:authenticated and system:serviceaccounts contain every user, respectively
#   every ServiceAccount of the cluster; on managed clusters system:authenticated can even include
#   any account of the cloud provider. A role bound to them is granted to all of them.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
# - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#users-in-kubernetes
# custom:
#   id: PAL-K8S-098
#   severity: HIGH
#   input: kubernetes
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: Bind the role to the specific users, groups or ServiceAccounts that need it.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.2
package palisade.kubernetes.rbac_all_authenticated_binding

import data.lib.kubernetes as k8s

_discovery_roles := {"system:public-info-viewer", "system:discovery", "system:basic-user"}

deny contains res if {
	not k8s.rbac_builtin
	not object.get(input, ["roleRef", "name"], "") in _discovery_roles
	some i, s in object.get(input, "subjects", [])
	s.kind == "Group"
	s.name in {"system:authenticated", "system:serviceaccounts"}
	res := {
		"msg": sprintf("%s grants %s %q to the group %s", [k8s.kind_name, object.get(input, ["roleRef", "kind"], "role"), object.get(input, ["roleRef", "name"], ""), s.name]),
		"path": ["subjects", i, "name"],
	}
}
