package palisade.kubernetes.seccomp_not_set_test

import data.palisade.kubernetes.seccomp_not_set

pod(pod_sc, sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_unset_denied if {
	res := seccomp_not_set.deny with input as pod({}, {})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "seccompProfile"]
}

test_unknown_type_denied if {
	res := seccomp_not_set.deny with input as pod({"seccompProfile": {"type": "runtime/default"}}, {})
	count(res) == 1
	some r in res
	r.path == ["spec", "securityContext", "seccompProfile", "type"]
}

test_pod_level_allowed if {
	count(seccomp_not_set.deny) == 0 with input as pod({"seccompProfile": {"type": "RuntimeDefault"}}, {})
}

test_container_level_allowed if {
	count(seccomp_not_set.deny) == 0 with input as pod({}, {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/app.json"}})
}

test_unconfined_left_to_other_rule if {
	count(seccomp_not_set.deny) == 0 with input as pod({}, {"seccompProfile": {"type": "Unconfined"}})
}

test_windows_allowed if {
	count(seccomp_not_set.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "w"}, "spec": {"os": {"name": "windows"}, "containers": [{"name": "app"}]}}
}
