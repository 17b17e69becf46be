package palisade.kubernetes.service_lb_open_test

import data.palisade.kubernetes.service_lb_open

svc(meta, spec) := {"apiVersion": "v1", "kind": "Service", "metadata": object.union({"name": "s"}, meta), "spec": object.union({"type": "LoadBalancer", "ports": [{"port": 443}]}, spec)}

test_no_ranges_denied if {
	some r in service_lb_open.deny with input as svc({}, {})
	r.path == ["spec", "type"]
}

test_open_range_denied if {
	some r in service_lb_open.deny with input as svc({}, {"loadBalancerSourceRanges": ["10.0.0.0/8", "0.0.0.0/0"]})
	r.path == ["spec", "loadBalancerSourceRanges", 1]
}

test_restricted_allowed if {
	count(service_lb_open.deny) == 0 with input as svc({}, {"loadBalancerSourceRanges": ["203.0.113.0/24"]})
	count(service_lb_open.deny) == 0 with input as svc({"annotations": {"service.beta.kubernetes.io/load-balancer-source-ranges": "203.0.113.0/24"}}, {})
}

test_internal_allowed if {
	every a in [
		{"service.beta.kubernetes.io/aws-load-balancer-internal": "true"},
		{"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"},
		{"networking.gke.io/load-balancer-type": "Internal"},
		{"service.beta.kubernetes.io/azure-load-balancer-internal": "true"},
	] {
		count(service_lb_open.deny) == 0 with input as svc({"annotations": a}, {})
	}
}

test_cluster_ip_allowed if {
	count(service_lb_open.deny) == 0 with input as svc({}, {"type": "ClusterIP"})
}
