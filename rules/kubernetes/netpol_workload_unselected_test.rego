package palisade.kubernetes_set.netpol_workload_unselected_test

import data.palisade.kubernetes_set.netpol_workload_unselected

test_unselected_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "api"}}, "template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}}}]}
	count(netpol_workload_unselected.deny) == 1 with input as inp
	{[r.object, r.path] | some r in netpol_workload_unselected.deny} == {[1, ["spec", "template", "metadata", "labels"]]} with input as inp
}

test_pod_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api", "labels": {"app": "api", "tier": "be"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "fe", "namespace": "shop"}, "spec": {"podSelector": {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe"]}]}}}]}
	count(netpol_workload_unselected.deny) == 1 with input as inp
	{[r.object, r.path] | some r in netpol_workload_unselected.deny} == {[0, ["metadata", "labels"]]} with input as inp
}

test_notin_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api", "labels": {"app": "api", "tier": "be"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "x", "namespace": "shop"}, "spec": {"podSelector": {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["fe"]}]}}}]}
	count(netpol_workload_unselected.deny) == 0 with input as inp
}

test_exists_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api", "labels": {"app": "api", "tier": "be"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "x", "namespace": "shop"}, "spec": {"podSelector": {"matchExpressions": [{"key": "tier", "operator": "Exists"}]}}}]}
	count(netpol_workload_unselected.deny) == 0 with input as inp
}

test_doesnotexist_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api", "labels": {"app": "api", "tier": "be"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "x", "namespace": "shop"}, "spec": {"podSelector": {"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}}}]}
	count(netpol_workload_unselected.deny) == 1 with input as inp
}

test_empty_selector_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "api"}}, "template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "all", "namespace": "shop"}, "spec": {"podSelector": {}}}]}
	count(netpol_workload_unselected.deny) == 0 with input as inp
}

test_other_namespace_policy_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "other"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "x", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "x"}}}}]}
	count(netpol_workload_unselected.deny) == 1 with input as inp
}

test_no_policy_left_to_110 if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}]}
	count(netpol_workload_unselected.deny) == 0 with input as inp
}

test_owned_pod_ignored if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "labels": {"app": "x"}, "namespace": "shop", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "x", "uid": "1", "controller": true}]}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}}}]}
	count(netpol_workload_unselected.deny) == 0 with input as inp
}

test_calico_namespace_ignored if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "api"}}, "template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}}}, {"apiVersion": "projectcalico.org/v3", "kind": "NetworkPolicy", "metadata": {"name": "c", "namespace": "shop"}, "spec": {"podSelector": {}}}]}
	count(netpol_workload_unselected.deny) == 0 with input as inp
}
