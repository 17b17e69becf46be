package palisade.kubernetes.share_process_namespace_test

import data.palisade.kubernetes.share_process_namespace

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": object.union({"containers": [{"name": "app", "image": "nginx:1.27"}]}, spec)}

test_shared_denied if {
	res := share_process_namespace.deny with input as pod({"shareProcessNamespace": true})
	count(res) == 1
	some r in res
	r.path == ["spec", "shareProcessNamespace"]
}

test_not_shared_allowed if {
	count(share_process_namespace.deny) == 0 with input as pod({"shareProcessNamespace": false})
	count(share_process_namespace.deny) == 0 with input as pod({})
}
