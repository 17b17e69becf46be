package palisade.kubernetes.rbac_wildcard_verbs_test

import data.palisade.kubernetes.rbac_wildcard_verbs

test_wildcard_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "app"}, "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "*"]}]}
	count(rbac_wildcard_verbs.deny) == 1 with input as obj
	{r.path | some r in rbac_wildcard_verbs.deny} == {["rules", 0, "verbs", 1]} with input as obj
}

test_non_resource_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"nonResourceURLs": ["/metrics"], "verbs": ["*"]}]}
	count(rbac_wildcard_verbs.deny) == 1 with input as obj
}

test_explicit_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]}]}
	count(rbac_wildcard_verbs.deny) == 0 with input as obj
}
