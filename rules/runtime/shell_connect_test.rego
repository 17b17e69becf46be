package palisade.runtime.shell_connect_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.shell_connect as rule

connect(path, args, addr) := event("connect", object.union(as_proc(path, args), {"network": {"protocol": "tcp", "address": addr, "port": 4444, "direction": "outbound"}}))

test_bash_dev_tcp_denied if {
	some r in rule.deny with input as connect("/bin/bash", ["bash", "-i"], "198.51.100.20")
	r.msg == "Shell /bin/bash in container \"web\" (image nginx:1.27) connected to 198.51.100.20 port 4444, started by /usr/sbin/nginx: bash -i"
}

test_internal_destination_denied if {
	count(rule.deny) == 1 with input as connect("/bin/bash", ["bash", "-c", "exec 3<>/dev/tcp/10.0.0.9/4444"], "10.0.0.9")
}

test_host_denied if {
	count(rule.deny) == 1 with input as host(connect("/bin/bash", ["bash"], "198.51.100.20"))
}

test_loopback_health_check_allowed if {
	count(rule.deny) == 0 with input as connect("/bin/bash", ["bash", "-c", "echo > /dev/tcp/127.0.0.1/8080"], "127.0.0.1")
}

test_learned_destination_allowed if {
	count(rule.deny) == 0 with input as object.union(connect("/bin/bash", ["bash", "/wait-for-it.sh", "db:5432"], "10.0.0.9"), {"model": {"state": "active", "knownDestination": true}})
}

test_other_program_allowed if {
	count(rule.deny) == 0 with input as connect("/usr/bin/curl", ["curl", "http://198.51.100.20:4444"], "198.51.100.20")
}
