package palisade.kubernetes.capabilities_baseline_test

import data.palisade.kubernetes.capabilities_baseline

pod(add) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"capabilities": {"add": add}}}]}}

test_extra_capabilities_denied if {
	res := capabilities_baseline.deny with input as pod(["CHOWN", "NET_ADMIN", "cap_sys_ptrace", "ALL"])
	count(res) == 3
	paths := {r.path | some r in res}
	paths == {
		["spec", "containers", 0, "securityContext", "capabilities", "add", 1],
		["spec", "containers", 0, "securityContext", "capabilities", "add", 2],
		["spec", "containers", 0, "securityContext", "capabilities", "add", 3],
	}
}

test_net_raw_denied if {
	count(capabilities_baseline.deny) == 1 with input as pod(["NET_RAW"])
}

test_baseline_capabilities_allowed if {
	count(capabilities_baseline.deny) == 0 with input as pod(["NET_BIND_SERVICE", "CHOWN", "CAP_SETUID", "sys_chroot"])
}

test_no_capabilities_allowed if {
	count(capabilities_baseline.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}
}
