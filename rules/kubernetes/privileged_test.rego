package palisade.kubernetes.privileged_test

import data.palisade.kubernetes.privileged

pod(sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_privileged_denied if {
	count(privileged.deny) == 1 with input as pod({"privileged": true})
}

test_unprivileged_allowed if {
	count(privileged.deny) == 0 with input as pod({"privileged": false})
}

test_no_security_context_allowed if {
	count(privileged.deny) == 0 with input as pod({})
}
