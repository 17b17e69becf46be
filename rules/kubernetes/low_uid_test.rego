package palisade.kubernetes.low_uid_test

import data.palisade.kubernetes.low_uid

pod(pod_sc, sc1, sc2) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [
	{"name": "a", "image": "nginx:1.27", "securityContext": sc1},
	{"name": "b", "image": "nginx:1.27", "securityContext": sc2},
]}}

test_container_low_uid_denied if {
	res := low_uid.deny with input as pod({}, {"runAsUser": 1000}, {"runAsUser": 10001})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "runAsUser"]
}

test_pod_low_uid_denied_once if {
	res := low_uid.deny with input as pod({"runAsUser": 101}, {}, {})
	count(res) == 1
	some r in res
	r.path == ["spec", "securityContext", "runAsUser"]
}

test_pod_low_uid_overridden_allowed if {
	count(low_uid.deny) == 0 with input as pod({"runAsUser": 101}, {"runAsUser": 20000}, {"runAsUser": 20001})
}

test_high_uid_and_root_allowed if {
	count(low_uid.deny) == 0 with input as pod({"runAsUser": 65532}, {"runAsUser": 0}, {})
}
