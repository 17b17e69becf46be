package palisade.kubernetes.writable_host_path_test

import data.palisade.kubernetes.writable_host_path

daemonset(mounts) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
	"spec": {"template": {"spec": {
		"containers": [{"name": "agent", "image": "agent:1", "volumeMounts": mounts}],
		"volumes": [
			{"name": "logs", "hostPath": {"path": "/var/log"}},
			{"name": "cache", "emptyDir": {}},
		],
	}}},
}

test_writable_denied if {
	res := writable_host_path.deny with input as daemonset([
		{"name": "cache", "mountPath": "/cache"},
		{"name": "logs", "mountPath": "/host/logs"},
	])
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "containers", 0, "volumeMounts", 1, "readOnly"]
}

test_read_only_false_denied if {
	count(writable_host_path.deny) == 1 with input as daemonset([{"name": "logs", "mountPath": "/l", "readOnly": false}])
}

test_read_only_allowed if {
	count(writable_host_path.deny) == 0 with input as daemonset([
		{"name": "logs", "mountPath": "/host/logs", "readOnly": true},
		{"name": "cache", "mountPath": "/cache"},
	])
}
