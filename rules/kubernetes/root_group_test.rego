package palisade.kubernetes.root_group_test

import data.palisade.kubernetes.root_group

pod(pod_sc, sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_root_groups_denied if {
	res := root_group.deny with input as pod({"runAsGroup": 0, "fsGroup": 0, "supplementalGroups": [2000, 0]}, {"runAsGroup": 0})
	count(res) == 4
	paths := {r.path | some r in res}
	paths == {
		["spec", "securityContext", "runAsGroup"],
		["spec", "securityContext", "fsGroup"],
		["spec", "securityContext", "supplementalGroups", 1],
		["spec", "containers", 0, "securityContext", "runAsGroup"],
	}
}

test_non_root_groups_allowed if {
	count(root_group.deny) == 0 with input as pod({"runAsGroup": 10001, "fsGroup": 10001, "supplementalGroups": [2000]}, {"runAsGroup": 3000})
}

test_unset_allowed if {
	count(root_group.deny) == 0 with input as pod({}, {})
}
