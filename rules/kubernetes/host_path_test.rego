package palisade.kubernetes.host_path_test

import data.palisade.kubernetes.host_path

deployment(volumes) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"spec": {
		"containers": [{"name": "app", "image": "nginx:1.27"}],
		"volumes": volumes,
	}}},
}

test_host_path_denied if {
	res := host_path.deny with input as deployment([{"name": "logs", "hostPath": {"path": "/var/log/"}}])
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "volumes", 0, "hostPath"]
	contains(r.msg, "\"/var/log\"")
}

test_every_host_path_reported if {
	count(host_path.deny) == 2 with input as deployment([
		{"name": "a", "hostPath": {"path": "/data"}},
		{"name": "b", "emptyDir": {}},
		{"name": "c", "hostPath": {"path": "/srv", "type": "Directory"}},
	])
}

test_other_volumes_allowed if {
	count(host_path.deny) == 0 with input as deployment([
		{"name": "cache", "emptyDir": {}},
		{"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
	])
}
