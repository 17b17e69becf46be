package palisade.kubernetes.probe_host_test

import data.palisade.kubernetes.probe_host

pod(c) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "app", "image": "nginx:1.27"}, c)]}}

test_probe_host_denied if {
	res := probe_host.deny with input as pod({
		"livenessProbe": {"httpGet": {"host": "169.254.169.254", "path": "/latest/meta-data/", "port": 80}},
		"readinessProbe": {"tcpSocket": {"port": 8080}},
	})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "livenessProbe", "httpGet", "host"]
}

test_lifecycle_host_denied if {
	res := probe_host.deny with input as pod({"lifecycle": {"preStop": {"httpGet": {"host": "localhost", "port": 10250, "path": "/pods"}}}})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "lifecycle", "preStop", "httpGet", "host"]
	contains(r.msg, "preStop hook")
}

test_no_host_allowed if {
	count(probe_host.deny) == 0 with input as pod({
		"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
		"startupProbe": {"tcpSocket": {"port": 8080, "host": ""}},
		"lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}},
	})
}
