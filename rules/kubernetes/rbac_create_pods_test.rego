package palisade.kubernetes.rbac_create_pods_test

import data.palisade.kubernetes.rbac_create_pods

test_create_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "ci"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "create"]}]}
	count(rbac_create_pods.deny) == 1 with input as obj
	{r.path | some r in rbac_create_pods.deny} == {["rules", 0, "resources", 0]} with input as obj
}

test_wildcard_verb_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods", "services"], "verbs": ["*"]}]}
	count(rbac_create_pods.deny) == 1 with input as obj
}

test_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch", "delete"]}]}
	count(rbac_create_pods.deny) == 0 with input as obj
}

test_deployments_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["create"]}]}
	count(rbac_create_pods.deny) == 0 with input as obj
}
