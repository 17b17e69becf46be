package palisade.runtime.mining_pool_port_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.mining_pool_port as rule

connect(addr, port) := event("connect", object.union(as_proc("/tmp/.x/kthreadd", ["kthreadd"]), {"network": {"protocol": "tcp", "address": addr, "port": port, "direction": "outbound"}}))

test_pool_port_denied if {
	some r in rule.deny with input as connect("198.51.100.20", 3333)
	r.msg == "/tmp/.x/kthreadd in container \"web\" (image nginx:1.27) connected to 198.51.100.20 port 3333, a common mining pool port: kthreadd"
}

test_tls_pool_port_and_ipv6_denied if {
	count(rule.deny) == 1 with input as connect("2001:db8::20", 14433)
}

test_host_denied if {
	count(rule.deny) == 1 with input as host(connect("198.51.100.20", 45700))
}

test_internal_address_allowed if {
	count(rule.deny) == 0 with input as connect("10.96.12.7", 5555)
	count(rule.deny) == 0 with input as connect("127.0.0.1", 9999)
}

test_other_port_allowed if {
	count(rule.deny) == 0 with input as connect("198.51.100.20", 443)
}

test_learned_destination_allowed if {
	count(rule.deny) == 0 with input as object.union(connect("198.51.100.20", 9999), {"model": {"state": "active", "knownDestination": true}})
}

test_inbound_allowed if {
	count(rule.deny) == 0 with input as object.union(connect("198.51.100.20", 3333), {"event": {"type": "accept"}, "network": {"direction": "inbound"}})
}
