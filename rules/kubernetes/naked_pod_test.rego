package palisade.kubernetes.naked_pod_test

import data.palisade.kubernetes.naked_pod

test_naked_pod_denied if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}
	some r in naked_pod.deny with input as p
	r.path == ["kind"]
}

test_owned_pod_allowed if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "ownerReferences": [{"kind": "ReplicaSet", "name": "web-7d9f"}]}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}
	count(naked_pod.deny) == 0 with input as p
}
