package palisade.kubernetes.host_users_test

import data.palisade.kubernetes.host_users

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": object.union({"containers": [{"name": "app", "image": "nginx:1.27"}]}, spec)}

test_unset_denied if {
	res := host_users.deny with input as pod({})
	count(res) == 1
	some r in res
	r.path == ["spec", "hostUsers"]
	contains(r.msg, "is not false")
}

test_true_denied if {
	res := host_users.deny with input as pod({"hostUsers": true})
	some r in res
	contains(r.msg, "hostUsers: true")
}

test_false_allowed if {
	count(host_users.deny) == 0 with input as pod({"hostUsers": false})
}

test_windows_allowed if {
	count(host_users.deny) == 0 with input as pod({"os": {"name": "windows"}})
}
