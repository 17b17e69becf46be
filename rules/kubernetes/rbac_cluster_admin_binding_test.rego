package palisade.kubernetes.rbac_cluster_admin_binding_test

import data.palisade.kubernetes.rbac_cluster_admin_binding

test_user_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"}, {"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"}]}
	count(rbac_cluster_admin_binding.deny) == 2 with input as obj
	{r.path | some r in rbac_cluster_admin_binding.deny} == {["subjects", 0, "name"], ["subjects", 1, "name"]} with input as obj
}

test_rolebinding_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "app"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "Group", "name": "devs", "apiGroup": "rbac.authorization.k8s.io"}]}
	count(rbac_cluster_admin_binding.deny) == 1 with input as obj
}

test_system_group_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "admins"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "Group", "name": "system:masters", "apiGroup": "rbac.authorization.k8s.io"}]}
	count(rbac_cluster_admin_binding.deny) == 0 with input as obj
}

test_builtin_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "cluster-admin", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "User", "name": "x"}]}
	count(rbac_cluster_admin_binding.deny) == 0 with input as obj
}

test_other_role_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "app"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "admin"}, "subjects": [{"kind": "User", "name": "alice"}]}
	count(rbac_cluster_admin_binding.deny) == 0 with input as obj
}

test_role_named_cluster_admin_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "app"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "cluster-admin"}, "subjects": [{"kind": "User", "name": "alice"}]}
	count(rbac_cluster_admin_binding.deny) == 0 with input as obj
}
