package palisade.kubernetes.memory_requests_missing_test

import data.palisade.kubernetes.memory_requests_missing

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}]}}

test_missing_denied if {
	count(memory_requests_missing.deny) == 1 with input as pod({})
}

test_missing_path_points_at_resources if {
	some r in memory_requests_missing.deny with input as pod({})
	r.path == ["spec", "containers", 0, "resources", "requests", "memory"]
}

test_zero_denied if {
	count(memory_requests_missing.deny) == 1 with input as pod({"requests": {"cpu": "0", "memory": "0"}, "limits": {"cpu": "0", "memory": "0"}})
}

test_set_allowed if {
	count(memory_requests_missing.deny) == 0 with input as pod({"requests": {"memory": "64Mi"}})
}

test_other_section if {
	count(memory_requests_missing.deny) == 0 with input as pod({"limits": {"memory": "128Mi"}})
}

test_init_container_checked if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "init", "image": "busybox:1.36"}],
		"containers": [{"name": "app", "image": "nginx:1.27", "resources": {"requests": {"memory": "64Mi"}}}],
	}}}}
	some r in memory_requests_missing.deny with input as d
	r.path == ["spec", "template", "spec", "initContainers", 0, "resources", "requests", "memory"]
}
