package palisade.runtime.namespace_change_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.namespace_change as rule

ns(t, path, args, flags) := event(t, object.union(as_proc(path, args), {"namespaces": {"syscall": t, "flags": flags}}))

test_setns_denied if {
	some r in rule.deny with input as ns("setns", "/usr/bin/nsenter", ["nsenter", "-t", "1", "-m"], ["mnt"])
	r.msg == "/usr/bin/nsenter in container \"web\" (image nginx:1.27) joined another process's mnt namespace(s) with setns: nsenter -t 1 -m"
}

test_unshare_denied if {
	some r in rule.deny with input as ns("unshare", "/tmp/exploit", ["./exploit"], ["user", "mnt"])
	r.msg == "/tmp/exploit in container \"web\" (image nginx:1.27) created new user, mnt namespace(s) with unshare: ./exploit"
}

test_browser_sandbox_allowed if {
	count(rule.deny) == 0 with input as ns("unshare", "/opt/google/chrome/chrome", ["/opt/google/chrome/chrome", "--type=zygote"], ["user", "pid", "net"])
}

test_unshare_without_namespaces_allowed if {
	count(rule.deny) == 0 with input as ns("unshare", "/usr/bin/python3", ["python3"], [])
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(ns("setns", "/usr/bin/runc", ["runc", "init"], ["mnt", "pid", "net"]))
}
