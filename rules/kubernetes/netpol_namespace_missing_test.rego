package palisade.kubernetes_set.netpol_namespace_missing_test

import data.palisade.kubernetes_set.netpol_namespace_missing

test_namespace_object_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}]}
	count(netpol_namespace_missing.deny) == 1 with input as inp
	{[r.object, r.path] | some r in netpol_namespace_missing.deny} == {[1, ["metadata", "name"]]} with input as inp
}

test_workload_only_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}]}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "api"}}, "template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "p"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}]}
	count(netpol_namespace_missing.deny) == 2 with input as inp
	{[r.object, r.path] | some r in netpol_namespace_missing.deny} == {[1, ["metadata", "namespace"]], [3, ["metadata", "namespace"]]} with input as inp
}

test_policy_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny", "namespace": "shop"}, "spec": {"podSelector": {}}}]}
	count(netpol_namespace_missing.deny) == 0 with input as inp
}

test_cilium_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy", "metadata": {"name": "deny", "namespace": "shop"}, "spec": {"podSelector": {}}}]}
	count(netpol_namespace_missing.deny) == 0 with input as inp
}

test_clusterwide_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkPolicy", "metadata": {"name": "g"}, "spec": {}}]}
	count(netpol_namespace_missing.deny) == 0 with input as inp
}

test_system_namespace_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "kube-proxy", "labels": {"app": "kube-proxy"}, "namespace": "kube-system"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}]}
	count(netpol_namespace_missing.deny) == 0 with input as inp
}

test_no_workloads_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}]}}]}
	count(netpol_namespace_missing.deny) == 0 with input as inp
}
