package palisade.kubernetes.dangerous_capabilities_test

import data.palisade.kubernetes.dangerous_capabilities

deployment(add) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "vpn"},
	"spec": {"template": {"spec": {"containers": [{"name": "vpn", "image": "vpn:1", "securityContext": {"capabilities": {"add": add}}}]}}},
}

test_dangerous_denied if {
	res := dangerous_capabilities.deny with input as deployment(["NET_ADMIN", "NET_BIND_SERVICE", "CAP_SYS_PTRACE", "all"])
	count(res) == 3
	paths := {r.path | some r in res}
	["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 0] in paths
	["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 3] in paths
}

test_sys_admin_left_to_its_own_rule if {
	count(dangerous_capabilities.deny) == 0 with input as deployment(["SYS_ADMIN"])
}

test_harmless_allowed if {
	count(dangerous_capabilities.deny) == 0 with input as deployment(["NET_BIND_SERVICE", "CHOWN", "SETUID"])
}
