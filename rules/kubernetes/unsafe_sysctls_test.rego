package palisade.kubernetes.unsafe_sysctls_test

import data.palisade.kubernetes.unsafe_sysctls

pod(sysctls) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": {"sysctls": sysctls}, "containers": [{"name": "app", "image": "nginx:1.27"}]}}

test_unsafe_denied if {
	res := unsafe_sysctls.deny with input as pod([
		{"name": "net.ipv4.tcp_syncookies", "value": "1"},
		{"name": "kernel.msgmax", "value": "65536"},
		{"name": "net.core.somaxconn", "value": "1024"},
	])
	count(res) == 2
	paths := {r.path | some r in res}
	paths == {["spec", "securityContext", "sysctls", 1, "name"], ["spec", "securityContext", "sysctls", 2, "name"]}
}

test_safe_allowed if {
	count(unsafe_sysctls.deny) == 0 with input as pod([
		{"name": "net.ipv4.ip_local_port_range", "value": "1024 65535"},
		{"name": "net/ipv4/ip_unprivileged_port_start", "value": "0"},
		{"name": "net.ipv4.tcp_keepalive_time", "value": "600"},
	])
}

test_unset_allowed if {
	count(unsafe_sysctls.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}
}
