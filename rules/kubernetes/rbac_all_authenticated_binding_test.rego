package palisade.kubernetes.rbac_all_authenticated_binding_test

import data.palisade.kubernetes.rbac_all_authenticated_binding

test_authenticated_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}, "subjects": [{"kind": "Group", "name": "system:authenticated", "apiGroup": "rbac.authorization.k8s.io"}]}
	count(rbac_all_authenticated_binding.deny) == 1 with input as obj
	{r.path | some r in rbac_all_authenticated_binding.deny} == {["subjects", 0, "name"]} with input as obj
}

test_all_serviceaccounts_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "User", "name": "a"}, {"kind": "Group", "name": "system:serviceaccounts"}]}
	count(rbac_all_authenticated_binding.deny) == 1 with input as obj
	{r.path | some r in rbac_all_authenticated_binding.deny} == {["subjects", 1, "name"]} with input as obj
}

test_namespace_serviceaccounts_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "ci"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "Group", "name": "system:serviceaccounts:ci"}]}
	count(rbac_all_authenticated_binding.deny) == 0 with input as obj
}

test_discovery_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "disc"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "system:discovery"}, "subjects": [{"kind": "Group", "name": "system:authenticated"}]}
	count(rbac_all_authenticated_binding.deny) == 0 with input as obj
}
