package palisade.kubernetes.rbac_modify_rbac_test

import data.palisade.kubernetes.rbac_modify_rbac

test_bindings_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "a"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["rolebindings", "roles"], "verbs": ["get", "create"]}]}
	count(rbac_modify_rbac.deny) == 2 with input as obj
	{r.path | some r in rbac_modify_rbac.deny} == {["rules", 0, "resources", 0], ["rules", 0, "resources", 1]} with input as obj
}

test_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles", "clusterrolebindings"], "verbs": ["get", "list", "watch"]}]}
	count(rbac_modify_rbac.deny) == 0 with input as obj
}

test_delete_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["rolebindings"], "verbs": ["delete"]}]}
	count(rbac_modify_rbac.deny) == 0 with input as obj
}
