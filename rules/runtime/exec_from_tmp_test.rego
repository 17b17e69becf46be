package palisade.runtime.exec_from_tmp_test

import data.lib.runtime_input.exec
import data.lib.runtime_input.host
import data.lib.runtime_input.shell_parent
import data.palisade.runtime.exec_from_tmp as rule

test_tmp_denied if {
	some r in rule.deny with input as exec("/tmp/.cache/x", ["./x"], shell_parent)
	r.msg == "/tmp/.cache/x run from a temporary directory in container \"web\" (image nginx:1.27) by /bin/sh: ./x"
}

test_dev_shm_denied if {
	count(rule.deny) == 1 with input as exec("/dev/shm/kworker", ["kworker"], shell_parent)
}

test_installed_program_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/bin/curl", ["curl", "/tmp/x"], shell_parent)
	count(rule.deny) == 0 with input as exec("/tmpfs/app", ["app"], shell_parent)
}

test_learned_allowed if {
	count(rule.deny) == 0 with input as exec("/tmp/jetty-helper", ["jetty-helper"], {"model": {"state": "active", "knownProcess": true}})
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(exec("/tmp/x", ["x"], {}))
}
