package palisade.kubernetes.host_port_test

import data.palisade.kubernetes.host_port

pod(ports) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "ports": ports}]}}

test_host_port_denied if {
	res := host_port.deny with input as pod([{"containerPort": 80}, {"containerPort": 443, "hostPort": 443}])
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "ports", 1, "hostPort"]
}

test_zero_host_port_allowed if {
	count(host_port.deny) == 0 with input as pod([{"containerPort": 80, "hostPort": 0}])
}

test_container_port_only_allowed if {
	count(host_port.deny) == 0 with input as pod([{"containerPort": 8080, "name": "http"}])
}
