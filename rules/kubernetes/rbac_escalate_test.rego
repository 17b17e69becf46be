package palisade.kubernetes.rbac_escalate_test

import data.palisade.kubernetes.rbac_escalate

test_escalate_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["get", "escalate"]}]}
	count(rbac_escalate.deny) == 1 with input as obj
	{r.path | some r in rbac_escalate.deny} == {["rules", 0, "verbs", 1]} with input as obj
}

test_wildcard_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "a"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles"], "verbs": ["*"]}]}
	count(rbac_escalate.deny) == 1 with input as obj
}

test_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "clusterroles"], "verbs": ["get", "list"]}]}
	count(rbac_escalate.deny) == 0 with input as obj
}

test_core_group_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["roles"], "verbs": ["escalate"]}]}
	count(rbac_escalate.deny) == 0 with input as obj
}
