package palisade.kubernetes.default_namespace_test

import data.palisade.kubernetes.default_namespace

test_missing_denied if {
	res := default_namespace.deny with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}
	count(res) == 1
	some r in res
	r.path == ["metadata", "namespace"]
	contains(r.msg, "names no namespace")
}

test_default_denied if {
	res := default_namespace.deny with input as {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"}}
	count(res) == 1
	some r in res
	contains(r.msg, "is in the default namespace")
}

test_named_namespace_allowed if {
	count(default_namespace.deny) == 0 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}}
}
