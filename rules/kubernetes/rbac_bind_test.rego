package palisade.kubernetes.rbac_bind_test

import data.palisade.kubernetes.rbac_bind

test_bind_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["bind"]}]}
	count(rbac_bind.deny) == 1 with input as obj
	{r.path | some r in rbac_bind.deny} == {["rules", 0, "verbs", 0]} with input as obj
}

test_restricted_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["bind"], "resourceNames": ["view"]}]}
	count(rbac_bind.deny) == 0 with input as obj
}

test_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles"], "verbs": ["get"]}]}
	count(rbac_bind.deny) == 0 with input as obj
}
