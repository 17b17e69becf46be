package palisade.kubernetes.capabilities_restricted_test

import data.palisade.kubernetes.capabilities_restricted

pod(add) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"capabilities": {"drop": ["ALL"], "add": add}}}]}}

test_baseline_capability_denied if {
	res := capabilities_restricted.deny with input as pod(["NET_BIND_SERVICE", "CHOWN", "SETUID"])
	count(res) == 2
	paths := {r.path | some r in res}
	paths == {
		["spec", "containers", 0, "securityContext", "capabilities", "add", 1],
		["spec", "containers", 0, "securityContext", "capabilities", "add", 2],
	}
}

test_non_baseline_left_to_baseline_rule if {
	count(capabilities_restricted.deny) == 0 with input as pod(["SYS_ADMIN", "NET_RAW"])
}

test_net_bind_service_allowed if {
	count(capabilities_restricted.deny) == 0 with input as pod(["NET_BIND_SERVICE"])
	count(capabilities_restricted.deny) == 0 with input as pod(["cap_net_bind_service"])
}
