package palisade.kubernetes.readiness_probe_missing_test

import data.palisade.kubernetes.readiness_probe_missing

deployment(c) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
	"initContainers": [{"name": "init", "image": "busybox:1.36"}],
	"containers": [c],
}}}}

probe := {"httpGet": {"path": "/healthz", "port": 8080}}

test_missing_denied if {
	some r in readiness_probe_missing.deny with input as deployment({"name": "app", "image": "nginx:1.27"})
	r.path == ["spec", "template", "spec", "containers", 0]
	count(readiness_probe_missing.deny) == 1 with input as deployment({"name": "app", "image": "nginx:1.27"})
}

test_set_allowed if {
	count(readiness_probe_missing.deny) == 0 with input as deployment({"name": "app", "image": "nginx:1.27", "readinessProbe": probe})
}

test_run_to_completion_pod_allowed if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"restartPolicy": "Never", "containers": [{"name": "app", "image": "nginx:1.27"}]}}
	count(readiness_probe_missing.deny) == 0 with input as p
}

test_job_owned_pod_allowed if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "ownerReferences": [{"kind": "Job", "name": "j"}]}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}
	count(readiness_probe_missing.deny) == 0 with input as p
}
