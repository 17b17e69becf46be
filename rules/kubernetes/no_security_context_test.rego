package palisade.kubernetes.no_security_context_test

import data.palisade.kubernetes.no_security_context

pod(pod_sc, sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_none_denied if {
	res := no_security_context.deny with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext"]
}

test_empty_denied if {
	count(no_security_context.deny) == 1 with input as pod({}, {})
	count(no_security_context.deny) == 1 with input as pod(null, null)
}

test_pod_level_allowed if {
	count(no_security_context.deny) == 0 with input as pod({"runAsNonRoot": true}, {})
}

test_container_level_allowed if {
	count(no_security_context.deny) == 0 with input as pod({}, {"allowPrivilegeEscalation": false})
}
