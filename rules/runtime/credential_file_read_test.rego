package palisade.runtime.credential_file_read_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.credential_file_read as rule

open(path) := event("open", object.union(as_proc("/bin/cat", ["cat", path]), {"file": {"path": path, "write": false, "flags": 0}}))

test_shadow_denied if {
	some r in rule.deny with input as open("/etc/shadow")
	r.msg == "/bin/cat in container \"web\" (image nginx:1.27) opened /etc/shadow for reading, started by /usr/sbin/nginx: cat /etc/shadow"
}

test_other_credentials_denied if {
	count(rule.deny) == 1 with input as open("/etc/gshadow")
	count(rule.deny) == 1 with input as open("/etc/sudoers.d/admins")
	count(rule.deny) == 1 with input as open("/etc/ssh/ssh_host_ed25519_key")
	count(rule.deny) == 1 with input as open("/root/.ssh/id_rsa")
}

test_public_files_allowed if {
	count(rule.deny) == 0 with input as open("/etc/passwd")
	count(rule.deny) == 0 with input as open("/etc/ssh/ssh_host_ed25519_key.pub")
	count(rule.deny) == 0 with input as open("/root/.ssh/known_hosts")
}

test_entrypoint_allowed if {
	count(rule.deny) == 0 with input as object.union(open("/etc/shadow"), {"process": {"entrypoint": true}})
}

test_learned_allowed if {
	count(rule.deny) == 0 with input as object.union(open("/etc/shadow"), {"model": {"state": "active", "knownFile": true}})
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(open("/etc/shadow"))
}
