package palisade.kubernetes.env_duplicate_test

import data.palisade.kubernetes.env_duplicate

pod(env) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "env": env}]}}

test_duplicate_denied if {
	env := [{"name": "MODE", "value": "a"}, {"name": "LEVEL", "value": "1"}, {"name": "MODE", "value": "b"}]
	some r in env_duplicate.deny with input as pod(env)
	r.path == ["spec", "containers", 0, "env", 2, "name"]
	count(env_duplicate.deny) == 1 with input as pod(env)
}

test_triple_reports_each_repeat if {
	env := [{"name": "MODE", "value": "a"}, {"name": "MODE", "value": "b"}, {"name": "MODE", "value": "c"}]
	count(env_duplicate.deny) == 2 with input as pod(env)
}

test_unique_allowed if {
	count(env_duplicate.deny) == 0 with input as pod([{"name": "MODE", "value": "a"}, {"name": "LEVEL", "value": "1"}])
}
