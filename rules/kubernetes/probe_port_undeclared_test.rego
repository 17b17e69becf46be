package palisade.kubernetes.probe_port_undeclared_test

import data.palisade.kubernetes.probe_port_undeclared

pod(c) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "app", "image": "nginx:1.27", "ports": [{"name": "http", "containerPort": 8080}]}, c)]}}

test_unknown_name_denied if {
	some r in probe_port_undeclared.deny with input as pod({"livenessProbe": {"httpGet": {"path": "/healthz", "port": "metrics"}}})
	r.path == ["spec", "containers", 0, "livenessProbe", "httpGet", "port"]
}

test_tcp_socket_denied if {
	count(probe_port_undeclared.deny) == 1 with input as pod({"readinessProbe": {"tcpSocket": {"port": "grpc"}}})
}

test_declared_or_numeric_allowed if {
	c := {
		"livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}},
		"readinessProbe": {"tcpSocket": {"port": 9090}},
		"startupProbe": {"exec": {"command": ["true"]}},
	}
	count(probe_port_undeclared.deny) == 0 with input as pod(c)
}
