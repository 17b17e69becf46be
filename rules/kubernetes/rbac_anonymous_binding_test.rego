package palisade.kubernetes.rbac_anonymous_binding_test

import data.palisade.kubernetes.rbac_anonymous_binding

test_anonymous_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "User", "name": "system:anonymous", "apiGroup": "rbac.authorization.k8s.io"}]}
	count(rbac_anonymous_binding.deny) == 1 with input as obj
	{r.path | some r in rbac_anonymous_binding.deny} == {["subjects", 0, "name"]} with input as obj
}

test_unauthenticated_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "a"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"}, "subjects": [{"kind": "Group", "name": "system:unauthenticated"}]}
	count(rbac_anonymous_binding.deny) == 1 with input as obj
}

test_discovery_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "public-info"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "system:public-info-viewer"}, "subjects": [{"kind": "Group", "name": "system:unauthenticated"}]}
	count(rbac_anonymous_binding.deny) == 0 with input as obj
}

test_user_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "User", "name": "alice"}]}
	count(rbac_anonymous_binding.deny) == 0 with input as obj
}
