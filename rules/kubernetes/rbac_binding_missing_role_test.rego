package palisade.kubernetes_set.rbac_binding_missing_role_test

import data.palisade.kubernetes_set.rbac_binding_missing_role

test_missing_denied if {
	inp := {"objects": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "a", "namespace": "shop"}, "rules": []}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "b"}, "subjects": [{"kind": "User", "name": "u"}]}]}
	count(rbac_binding_missing_role.deny) == 1 with input as inp
	{[r.object, r.path] | some r in rbac_binding_missing_role.deny} == {[1, ["roleRef", "name"]]} with input as inp
}

test_present_allowed if {
	inp := {"objects": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "b", "namespace": "shop"}, "rules": []}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "b"}, "subjects": [{"kind": "User", "name": "u"}]}]}
	count(rbac_binding_missing_role.deny) == 0 with input as inp
}

test_no_roles_allowed if {
	inp := {"objects": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "b"}, "subjects": [{"kind": "User", "name": "u"}]}]}
	count(rbac_binding_missing_role.deny) == 0 with input as inp
}

test_clusterrole_allowed if {
	inp := {"objects": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "a", "namespace": "shop"}, "rules": []}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "User", "name": "u"}]}]}
	count(rbac_binding_missing_role.deny) == 0 with input as inp
}
