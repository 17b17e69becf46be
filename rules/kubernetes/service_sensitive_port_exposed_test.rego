package palisade.kubernetes.service_sensitive_port_exposed_test

import data.palisade.kubernetes.service_sensitive_port_exposed

svc(meta, spec) := {"apiVersion": "v1", "kind": "Service", "metadata": object.union({"name": "s"}, meta), "spec": spec}

test_lb_database_denied if {
	s := svc({}, {"type": "LoadBalancer", "ports": [{"port": 5432, "targetPort": 5432}]})
	some r in service_sensitive_port_exposed.deny with input as s
	r.path == ["spec", "ports", 0, "port"]
	count(service_sensitive_port_exposed.deny) == 1 with input as s
}

test_nodeport_target_denied if {
	s := svc({}, {"type": "NodePort", "ports": [{"port": 80, "targetPort": 6379}]})
	some r in service_sensitive_port_exposed.deny with input as s
	r.path == ["spec", "ports", 0, "targetPort"]
}

test_external_ips_denied if {
	count(service_sensitive_port_exposed.deny) == 1 with input as svc({}, {"externalIPs": ["198.51.100.7"], "ports": [{"port": 27017}]})
}

test_internal_allowed if {
	count(service_sensitive_port_exposed.deny) == 0 with input as svc({}, {"ports": [{"port": 5432}]})
	count(service_sensitive_port_exposed.deny) == 0 with input as svc(
		{"annotations": {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"}},
		{"type": "LoadBalancer", "ports": [{"port": 5432}]},
	)
}

test_source_restricted_allowed if {
	s := svc({}, {"type": "LoadBalancer", "loadBalancerSourceRanges": ["203.0.113.0/24"], "ports": [{"port": 5432}]})
	count(service_sensitive_port_exposed.deny) == 0 with input as s
}

test_open_source_range_denied if {
	s := svc({}, {"type": "LoadBalancer", "loadBalancerSourceRanges": ["0.0.0.0/0"], "ports": [{"port": 5432}]})
	count(service_sensitive_port_exposed.deny) == 1 with input as s
}

test_web_ports_allowed if {
	count(service_sensitive_port_exposed.deny) == 0 with input as svc({}, {"type": "LoadBalancer", "ports": [{"port": 443, "targetPort": 8443}]})
}
