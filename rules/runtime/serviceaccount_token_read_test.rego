package palisade.runtime.serviceaccount_token_read_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.serviceaccount_token_read as rule

token := "/var/run/secrets/kubernetes.io/serviceaccount/token"

open(path) := event("open", object.union(as_proc("/bin/cat", ["cat", path]), {"file": {"path": path, "write": false, "flags": 0}}))

test_token_read_denied if {
	some r in rule.deny with input as open(token)
	r.msg == "/bin/cat in container \"web\" (image nginx:1.27) read the token /var/run/secrets/kubernetes.io/serviceaccount/token, started by /usr/sbin/nginx: cat /var/run/secrets/kubernetes.io/serviceaccount/token"
}

test_other_token_paths_denied if {
	count(rule.deny) == 1 with input as open("/run/secrets/kubernetes.io/serviceaccount/..2025_01_02_03_04_05.123456789/token")
	count(rule.deny) == 1 with input as open("/var/run/secrets/eks.amazonaws.com/serviceaccount/token")
	count(rule.deny) == 1 with input as open("/var/run/secrets/azure/tokens/azure-identity-token")
}

test_ca_and_namespace_allowed if {
	count(rule.deny) == 0 with input as open("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
	count(rule.deny) == 0 with input as open("/var/run/secrets/kubernetes.io/serviceaccount/namespace")
}

test_entrypoint_allowed if {
	count(rule.deny) == 0 with input as object.union(open(token), {"process": {"entrypoint": true}})
}

test_main_program_under_tini_allowed if {
	count(rule.deny) == 0 with input as object.union(open(token), {"parent": {"path": "/usr/bin/dumb-init", "name": "dumb-init", "comm": "dumb-init"}})
}

test_learned_allowed if {
	count(rule.deny) == 0 with input as object.union(open(token), {"model": {"state": "trial", "knownFile": true}})
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(open(token))
}
