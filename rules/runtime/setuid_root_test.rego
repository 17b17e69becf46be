package palisade.runtime.setuid_root_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.setuid_root as rule

setuid(uid, r, e, s) := event("setuid", object.union(as_proc("/usr/bin/sudo", ["sudo", "sh"]), {"process": {"uid": uid}, "privilege": {"syscall": "setresuid", "ruid": r, "euid": e, "suid": s}}))

test_become_root_denied if {
	some r in rule.deny with input as setuid(1000, 0, 0, 0)
	r.msg == "/usr/bin/sudo in container \"web\" (image nginx:1.27) running as user 1000 set its ruid, euid, suid to 0 (root) with setresuid, started by /usr/sbin/nginx: sudo sh"
}

test_effective_only_denied if {
	count(rule.deny) == 1 with input as setuid(33, -1, 0, -1)
}

test_root_dropping_privileges_allowed if {
	count(rule.deny) == 0 with input as setuid(0, 101, 101, 101)
}

test_non_root_to_non_root_allowed if {
	count(rule.deny) == 0 with input as setuid(1000, -1, 1001, -1)
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(setuid(1000, 0, 0, 0))
}
