package palisade.runtime.shell_listener_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.shell_listener as rule

listen(path, args, port) := event("listen", object.union(as_proc(path, args), {"network": {"protocol": "tcp", "address": "0.0.0.0", "port": port, "direction": "listen"}}))

test_netcat_listener_denied if {
	some r in rule.deny with input as listen("/usr/bin/ncat", ["ncat", "-lvp", "4444"], 4444)
	r.msg == "/usr/bin/ncat in container \"web\" (image nginx:1.27) listens on TCP port 4444, started by /usr/sbin/nginx: ncat -lvp 4444"
}

test_busybox_nc_denied if {
	count(rule.deny) == 1 with input as listen("/bin/busybox", ["nc", "-lp", "9001"], 9001)
}

test_socat_denied if {
	count(rule.deny) == 1 with input as listen("/usr/bin/socat", ["socat", "TCP-LISTEN:8081", "STDOUT"], 8081)
}

test_server_allowed if {
	count(rule.deny) == 0 with input as listen("/usr/sbin/nginx", ["nginx"], 80)
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(listen("/usr/bin/nc", ["nc", "-l", "9001"], 9001))
}
