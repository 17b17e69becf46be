package palisade.runtime.dangerous_capability_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.dangerous_capability as rule

capset(eff) := event("capset", object.union(as_proc("/tmp/x", ["./x"]), {"privilege": {"syscall": "capset", "ruid": -1, "euid": -1, "suid": -1, "capEffective": eff, "capPermitted": eff}}))

test_sys_admin_denied if {
	some r in rule.deny with input as capset(["CAP_CHOWN", "CAP_SYS_PTRACE", "CAP_SYS_ADMIN"])
	r.msg == "/tmp/x in container \"web\" (image nginx:1.27) made CAP_SYS_ADMIN, CAP_SYS_PTRACE effective with capset, started by /usr/sbin/nginx: ./x"
}

test_short_names_denied if {
	count(rule.deny) == 1 with input as capset(["sys_module"])
}

test_harmless_caps_allowed if {
	count(rule.deny) == 0 with input as capset(["CAP_NET_BIND_SERVICE", "CAP_CHOWN"])
	count(rule.deny) == 0 with input as capset([])
}

test_entrypoint_allowed if {
	count(rule.deny) == 0 with input as object.union(capset(["CAP_SYS_ADMIN"]), {"process": {"entrypoint": true}})
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(capset(["CAP_SYS_ADMIN"]))
}
