package palisade.kubernetes.run_as_root_user_test

import data.palisade.kubernetes.run_as_root_user

pod(pod_sc, sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_container_root_denied if {
	res := run_as_root_user.deny with input as pod({}, {"runAsUser": 0})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "runAsUser"]
}

test_pod_root_denied if {
	res := run_as_root_user.deny with input as pod({"runAsUser": 0}, {"runAsUser": 1000})
	count(res) == 1
	some r in res
	r.path == ["spec", "securityContext", "runAsUser"]
}

test_non_root_allowed if {
	count(run_as_root_user.deny) == 0 with input as pod({"runAsUser": 10001}, {})
	count(run_as_root_user.deny) == 0 with input as pod({}, {})
}

test_user_namespace_allowed if {
	inp := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostUsers": false, "containers": [{"name": "a", "securityContext": {"runAsUser": 0}}]}}
	count(run_as_root_user.deny) == 0 with input as inp
}
