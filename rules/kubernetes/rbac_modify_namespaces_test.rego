package palisade.kubernetes.rbac_modify_namespaces_test

import data.palisade.kubernetes.rbac_modify_namespaces

test_patch_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "patch"]}]}
	count(rbac_modify_namespaces.deny) == 1 with input as obj
	{r.path | some r in rbac_modify_namespaces.deny} == {["rules", 0, "resources", 0]} with input as obj
}

test_create_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "list", "create"]}]}
	count(rbac_modify_namespaces.deny) == 0 with input as obj
}
