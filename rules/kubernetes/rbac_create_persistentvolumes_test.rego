package palisade.kubernetes.rbac_create_persistentvolumes_test

import data.palisade.kubernetes.rbac_create_persistentvolumes

test_create_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["persistentvolumes", "persistentvolumeclaims"], "verbs": ["create", "get"]}]}
	count(rbac_create_persistentvolumes.deny) == 1 with input as obj
	{r.path | some r in rbac_create_persistentvolumes.deny} == {["rules", 0, "resources", 0]} with input as obj
}

test_claims_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "a"}, "rules": [{"apiGroups": [""], "resources": ["persistentvolumeclaims"], "verbs": ["create"]}]}
	count(rbac_create_persistentvolumes.deny) == 0 with input as obj
}

test_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["persistentvolumes"], "verbs": ["get", "list"]}]}
	count(rbac_create_persistentvolumes.deny) == 0 with input as obj
}
