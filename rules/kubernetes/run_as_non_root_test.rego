package palisade.kubernetes.run_as_non_root_test

import data.palisade.kubernetes.run_as_non_root

deployment(pod_sc, app_sc) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"spec": {
		"securityContext": pod_sc,
		"initContainers": [{"name": "init", "image": "busybox:1.36"}],
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": app_sc}],
	}}},
}

test_unset_denied_per_container if {
	res := run_as_non_root.deny with input as deployment({}, {})
	count(res) == 2
	paths := {r.path | some r in res}
	paths == {
		["spec", "template", "spec", "initContainers", 0, "securityContext", "runAsNonRoot"],
		["spec", "template", "spec", "containers", 0, "securityContext", "runAsNonRoot"],
	}
}

test_container_false_denied if {
	res := run_as_non_root.deny with input as deployment({"runAsNonRoot": true}, {"runAsNonRoot": false})
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "containers", 0, "securityContext", "runAsNonRoot"]
}

test_pod_false_reported_once if {
	res := run_as_non_root.deny with input as deployment({"runAsNonRoot": false}, {})
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "securityContext", "runAsNonRoot"]
}

test_pod_true_allowed if {
	count(run_as_non_root.deny) == 0 with input as deployment({"runAsNonRoot": true}, {})
}

test_every_container_true_allowed if {
	inp := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [
		{"name": "a", "securityContext": {"runAsNonRoot": true}},
		{"name": "b", "securityContext": {"runAsNonRoot": true}},
	]}}
	count(run_as_non_root.deny) == 0 with input as inp
}

test_user_namespace_allowed if {
	inp := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostUsers": false, "containers": [{"name": "a"}]}}
	count(run_as_non_root.deny) == 0 with input as inp
}
