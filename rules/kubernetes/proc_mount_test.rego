package palisade.kubernetes.proc_mount_test

import data.palisade.kubernetes.proc_mount

pod(sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_unmasked_denied if {
	res := proc_mount.deny with input as pod({"procMount": "Unmasked"})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "procMount"]
}

test_default_allowed if {
	count(proc_mount.deny) == 0 with input as pod({"procMount": "Default"})
	count(proc_mount.deny) == 0 with input as pod({})
}
