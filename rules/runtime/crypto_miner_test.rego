package palisade.runtime.crypto_miner_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.exec
import data.lib.runtime_input.host
import data.lib.runtime_input.shell_parent
import data.palisade.runtime.crypto_miner as rule

test_xmrig_denied if {
	some r in rule.deny with input as exec("/tmp/xmrig", ["./xmrig", "-o", "pool.example:443"], shell_parent)
	r.msg == "Crypto-miner /tmp/xmrig started in container \"web\" (image nginx:1.27) by /bin/sh: ./xmrig -o pool.example:443"
}

test_renamed_miner_with_pool_url_denied if {
	some r in rule.deny with input as exec("/dev/shm/kworker", ["kworker", "-o", "stratum+tcp://198.51.100.20:3333", "-u", "wallet"], shell_parent)
	r.msg == "/dev/shm/kworker started in container \"web\" (image nginx:1.27) with a mining pool on its command line, by /bin/sh: kworker -o stratum+tcp://198.51.100.20:3333 -u wallet"
}

test_donate_level_denied if {
	count(rule.deny) == 1 with input as exec("/tmp/a", ["a", "--donate-level=1"], shell_parent)
}

test_miner_connect_denied if {
	count(rule.deny) == 1 with input as event("connect", object.union(as_proc("/opt/xmrig/xmrig", ["xmrig"]), {"network": {"protocol": "tcp", "address": "198.51.100.20", "port": 443, "direction": "outbound"}}))
}

test_host_denied if {
	count(rule.deny) == 1 with input as host(exec("/usr/local/bin/xmrig", ["xmrig"], {}))
}

test_other_programs_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/bin/curl", ["curl", "https://example.com/stratum"], {})
	count(rule.deny) == 0 with input as event("connect", object.union(as_proc("/usr/bin/curl", ["curl"]), {"network": {"protocol": "tcp", "address": "198.51.100.20", "port": 3333, "direction": "outbound"}}))
}
