package palisade.kubernetes.container_ssh_port_test

import data.palisade.kubernetes.container_ssh_port

pod(ports) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "ports": ports}]}}

test_port_22_denied if {
	some r in container_ssh_port.deny with input as pod([{"containerPort": 8080}, {"name": "ssh", "containerPort": 22}])
	r.path == ["spec", "containers", 0, "ports", 1, "containerPort"]
}

test_other_ports_allowed if {
	count(container_ssh_port.deny) == 0 with input as pod([{"containerPort": 8080}, {"containerPort": 2222, "name": "sftp"}])
}
