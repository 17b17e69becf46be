package palisade.kubernetes.single_replica_test

import data.palisade.kubernetes.single_replica

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": object.union({"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}, spec)}

test_one_replica_denied if {
	some r in single_replica.deny with input as deployment({"replicas": 1})
	r.path == ["spec", "replicas"]
}

test_allowed if {
	count(single_replica.deny) == 0 with input as deployment({"replicas": 3})
	count(single_replica.deny) == 0 with input as deployment({"replicas": 0})
	count(single_replica.deny) == 0 with input as deployment({})
}
