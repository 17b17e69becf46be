package palisade.kubernetes.rbac_serviceaccount_token_test

import data.palisade.kubernetes.rbac_serviceaccount_token

test_token_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "ci"}, "rules": [{"apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"]}]}
	count(rbac_serviceaccount_token.deny) == 1 with input as obj
	{r.path | some r in rbac_serviceaccount_token.deny} == {["rules", 0, "resources", 0]} with input as obj
}

test_restricted_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"], "resourceNames": ["builder"]}]}
	count(rbac_serviceaccount_token.deny) == 0 with input as obj
}

test_serviceaccounts_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["create", "get"]}]}
	count(rbac_serviceaccount_token.deny) == 0 with input as obj
}
