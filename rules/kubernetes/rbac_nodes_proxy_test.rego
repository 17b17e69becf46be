package palisade.kubernetes.rbac_nodes_proxy_test

import data.palisade.kubernetes.rbac_nodes_proxy

test_proxy_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["nodes", "nodes/proxy"], "verbs": ["get"]}]}
	count(rbac_nodes_proxy.deny) == 1 with input as obj
	{r.path | some r in rbac_nodes_proxy.deny} == {["rules", 0, "resources", 1]} with input as obj
}

test_metrics_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["nodes/metrics", "nodes/stats"], "verbs": ["get"]}]}
	count(rbac_nodes_proxy.deny) == 0 with input as obj
}
