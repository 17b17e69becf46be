package palisade.runtime.reverse_shell_test

import data.lib.runtime_input.exec
import data.lib.runtime_input.host
import data.palisade.runtime.reverse_shell as rule

socket_stdio := {"process": {"stdinSocket": true, "stdoutSocket": true}, "parent": {"path": "/usr/bin/nc", "name": "nc", "comm": "nc"}}

test_shell_on_a_socket_denied if {
	some r in rule.deny with input as exec("/bin/sh", ["sh"], socket_stdio)
	r.msg == "Shell /bin/sh in container \"web\" (image nginx:1.27) runs with its stdin and stdout connected to a network socket (reverse shell), started by /usr/bin/nc: sh"
}

test_stdout_only_denied if {
	count(rule.deny) == 1 with input as exec("/bin/bash", ["bash", "-i"], {"process": {"stdoutSocket": true}})
}

test_host_denied if {
	count(rule.deny) == 1 with input as host(exec("/bin/bash", ["bash", "-i"], socket_stdio))
}

test_shell_on_pipes_allowed if {
	count(rule.deny) == 0 with input as exec("/bin/sh", ["sh", "-c", "date"], {})
}

test_other_program_on_a_socket_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/sbin/sshd", ["sshd", "-i"], socket_stdio)
}
