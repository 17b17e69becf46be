package palisade.runtime.write_below_etc_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.write_below_etc as rule

open(path, write) := event("open", object.union(as_proc("/bin/busybox", ["tee", "-a", path]), {"file": {"path": path, "write": write, "flags": 1089}}))

test_cron_entry_denied if {
	some r in rule.deny with input as open("/etc/crontabs/root", true)
	r.msg == "/bin/busybox in container \"web\" (image nginx:1.27) opened /etc/crontabs/root for writing: tee -a /etc/crontabs/root"
}

test_passwd_denied if {
	count(rule.deny) == 1 with input as open("/etc/passwd", true)
}

test_read_allowed if {
	count(rule.deny) == 0 with input as open("/etc/passwd", false)
}

test_package_manager_allowed if {
	count(rule.deny) == 0 with input as object.union(open("/etc/ca-certificates.conf", true), {"ancestors": [{"path": "/usr/bin/dpkg", "name": "dpkg", "comm": "dpkg"}]})
}

test_learned_write_allowed if {
	count(rule.deny) == 0 with input as object.union(open("/etc/nginx/conf.d/default.conf", true), {"model": {"state": "active", "knownFile": true}})
}

test_outside_etc_allowed if {
	count(rule.deny) == 0 with input as open("/etcetera/x", true)
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(open("/etc/passwd", true))
}
