package palisade.kubernetes_set.exposed_privileged_workload_test

import data.palisade.kubernetes_set.exposed_privileged_workload

test_hostnetwork_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "hostNetwork": true}}}}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}], "selector": {"app": "web"}, "type": "NodePort"}}]}
	count(exposed_privileged_workload.deny) == 1 with input as inp
	{[r.object, r.path] | some r in exposed_privileged_workload.deny} == {[0, ["spec", "template", "spec", "hostNetwork"]]} with input as inp
}

test_privileged_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}}}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}], "selector": {"app": "web"}, "type": "LoadBalancer"}}]}
	count(exposed_privileged_workload.deny) == 1 with input as inp
	{[r.object, r.path] | some r in exposed_privileged_workload.deny} == {[0, ["spec", "template", "spec", "containers", 0, "securityContext", "privileged"]]} with input as inp
}

test_clusterip_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}}}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}], "selector": {"app": "web"}}}]}
	count(exposed_privileged_workload.deny) == 0 with input as inp
}

test_not_selected_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}}}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}], "selector": {"app": "api"}, "type": "NodePort"}}]}
	count(exposed_privileged_workload.deny) == 0 with input as inp
}

test_other_namespace_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}}}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "x"}, "spec": {"ports": [{"port": 80}], "selector": {"app": "web"}, "type": "NodePort"}}]}
	count(exposed_privileged_workload.deny) == 0 with input as inp
}

test_unprivileged_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}], "selector": {"app": "web"}, "type": "NodePort"}}]}
	count(exposed_privileged_workload.deny) == 0 with input as inp
}

test_no_selector_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}}}, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": [{"port": 80}], "type": "LoadBalancer"}}]}
	count(exposed_privileged_workload.deny) == 0 with input as inp
}
