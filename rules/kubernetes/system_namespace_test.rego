package palisade.kubernetes.system_namespace_test

import data.palisade.kubernetes.system_namespace

deployment(ns) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": ns}, "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}

test_kube_system_denied if {
	res := system_namespace.deny with input as deployment("kube-system")
	count(res) == 1
	some r in res
	r.path == ["metadata", "namespace"]
}

test_kube_public_denied if {
	count(system_namespace.deny) == 1 with input as deployment("kube-public")
}

test_application_namespace_allowed if {
	count(system_namespace.deny) == 0 with input as deployment("shop")
	count(system_namespace.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {}}
}
