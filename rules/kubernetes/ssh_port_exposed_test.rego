package palisade.kubernetes.ssh_port_exposed_test

import data.palisade.kubernetes.ssh_port_exposed

test_service_port_denied if {
	s := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}, {"port": 2222, "targetPort": 22}]}}
	some r in ssh_port_exposed.deny with input as s
	r.path == ["spec", "ports", 1, "targetPort"]
}

test_ingress_backend_denied if {
	ing := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"rules": [{"host": "a.example.com", "http": {"paths": [
		{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
		{"path": "/ssh", "pathType": "Prefix", "backend": {"service": {"name": "bastion", "port": {"number": 22}}}},
	]}}]}}
	some r in ssh_port_exposed.deny with input as ing
	r.path == ["spec", "rules", 0, "http", "paths", 1, "backend", "service", "port", "number"]
	contains(r.msg, "bastion")
}

test_beta_ingress_backend_denied if {
	ing := {"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"backend": {"serviceName": "bastion", "servicePort": 22}}}
	some r in ssh_port_exposed.deny with input as ing
	r.path == ["spec", "backend", "servicePort"]
}

test_other_ports_allowed if {
	s := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80, "targetPort": 8080}]}}
	count(ssh_port_exposed.deny) == 0 with input as s
	ing := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}}
	count(ssh_port_exposed.deny) == 0 with input as ing
}
