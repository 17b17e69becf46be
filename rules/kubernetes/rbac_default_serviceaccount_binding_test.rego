package palisade.kubernetes.rbac_default_serviceaccount_binding_test

import data.palisade.kubernetes.rbac_default_serviceaccount_binding

test_default_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "app"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"}, "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "app"}]}
	count(rbac_default_serviceaccount_binding.deny) == 1 with input as obj
	{r.path | some r in rbac_default_serviceaccount_binding.deny} == {["subjects", 0, "name"]} with input as obj
}

test_no_namespace_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "app"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "ServiceAccount", "name": "web"}, {"kind": "ServiceAccount", "name": "default"}]}
	count(rbac_default_serviceaccount_binding.deny) == 1 with input as obj
}

test_dedicated_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "app"}]}
	count(rbac_default_serviceaccount_binding.deny) == 0 with input as obj
}

test_user_named_default_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "User", "name": "default"}]}
	count(rbac_default_serviceaccount_binding.deny) == 0 with input as obj
}
