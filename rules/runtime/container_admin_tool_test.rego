package palisade.runtime.container_admin_tool_test

import data.lib.runtime_input.exec
import data.lib.runtime_input.host
import data.lib.runtime_input.shell_parent
import data.palisade.runtime.container_admin_tool as rule

test_kubectl_denied if {
	some r in rule.deny with input as exec("/tmp/kubectl", ["./kubectl", "get", "secrets", "-A"], shell_parent)
	r.msg == "/tmp/kubectl run in container \"web\" (image nginx:1.27) by /bin/sh: ./kubectl get secrets -A"
}

test_nsenter_denied if {
	count(rule.deny) == 1 with input as exec("/usr/bin/nsenter", ["nsenter", "-t", "1", "-m", "-u", "-n", "-i", "sh"], shell_parent)
}

test_busybox_nsenter_denied if {
	count(rule.deny) == 1 with input as exec("/bin/busybox", ["nsenter", "--target", "1", "--mount"], shell_parent)
}

test_learned_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/local/bin/kubectl", ["kubectl", "apply", "-f", "/manifests"], {"model": {"state": "active", "knownProcess": true}})
}

test_other_program_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/bin/curl", ["curl", "https://kubernetes.default.svc/"], {})
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(exec("/usr/bin/crictl", ["crictl", "ps"], {}))
}
