package palisade.kubernetes.rbac_impersonate_test

import data.palisade.kubernetes.rbac_impersonate

test_users_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["users", "groups"], "verbs": ["impersonate"]}]}
	count(rbac_impersonate.deny) == 1 with input as obj
	{r.path | some r in rbac_impersonate.deny} == {["rules", 0, "verbs", 0]} with input as obj
}

test_uids_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["authentication.k8s.io"], "resources": ["uids"], "verbs": ["impersonate"]}]}
	count(rbac_impersonate.deny) == 1 with input as obj
}

test_sa_wildcard_verb_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "a"}, "rules": [{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["*"]}]}
	count(rbac_impersonate.deny) == 1 with input as obj
}

test_sa_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["get", "list"]}]}
	count(rbac_impersonate.deny) == 0 with input as obj
}
