package palisade.runtime.shell_in_container_test

import data.lib.runtime_input.exec
import data.lib.runtime_input.host
import data.lib.runtime_input.shell_parent
import data.palisade.runtime.shell_in_container as rule

test_exec_shell_denied if {
	count(rule.deny) == 1 with input as exec("/bin/bash", ["bash"], {"parent": {"path": "/usr/bin/runc", "name": "runc", "comm": "runc"}})
}

test_shell_command_from_the_application_denied if {
	count(rule.deny) == 1 with input as exec("/bin/sh", ["sh", "-c", "id; uname -a"], {})
}

test_busybox_shell_denied if {
	count(rule.deny) == 1 with input as exec("/bin/busybox", ["/bin/sh"], {})
}

test_shell_command_from_a_script_denied if {
	count(rule.deny) == 1 with input as exec("/bin/sh", ["sh", "-ec", "cat /etc/passwd"], shell_parent)
}

test_message_names_the_shell_and_container if {
	some r in rule.deny with input as exec("/bin/bash", ["bash", "-i"], {})
	r.msg == "Shell /bin/bash started in container \"web\" (image nginx:1.27) by /usr/sbin/nginx: bash -i"
}

test_entrypoint_shell_allowed if {
	count(rule.deny) == 0 with input as exec("/bin/sh", ["/bin/sh", "/docker-entrypoint.sh", "nginx"], {"process": {"entrypoint": true}})
}

test_main_program_under_tini_allowed if {
	count(rule.deny) == 0 with input as exec("/bin/sh", ["/bin/sh", "-c", "/app/start --port 80"], {"parent": {"path": "/sbin/tini", "name": "tini", "comm": "tini"}})
}

test_script_run_by_a_script_allowed if {
	count(rule.deny) == 0 with input as exec("/bin/sh", ["/bin/sh", "/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"], shell_parent)
}

test_known_process_allowed if {
	count(rule.deny) == 0 with input as exec("/bin/sh", ["sh", "-c", "pg_isready"], {"model": {"state": "active", "knownProcess": true}})
}

test_not_a_shell_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/bin/curl", ["curl", "http://localhost/"], {})
}

test_host_shell_allowed if {
	count(rule.deny) == 0 with input as host(exec("/bin/bash", ["bash"], {}))
}
