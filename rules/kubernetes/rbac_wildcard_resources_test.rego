package palisade.kubernetes.rbac_wildcard_resources_test

import data.palisade.kubernetes.rbac_wildcard_resources

test_wildcard_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}, {"apiGroups": ["*"], "resources": ["*"], "verbs": ["get"]}]}
	count(rbac_wildcard_resources.deny) == 1 with input as obj
	{r.path | some r in rbac_wildcard_resources.deny} == {["rules", 1, "resources", 0]} with input as obj
}

test_explicit_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods", "services"], "verbs": ["*"]}]}
	count(rbac_wildcard_resources.deny) == 0 with input as obj
}

test_builtin_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "cluster-admin", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
	count(rbac_wildcard_resources.deny) == 0 with input as obj
}

test_system_role_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "system:controller:foo"}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
	count(rbac_wildcard_resources.deny) == 0 with input as obj
}
