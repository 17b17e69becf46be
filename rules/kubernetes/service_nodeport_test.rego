package palisade.kubernetes.service_nodeport_test

import data.palisade.kubernetes.service_nodeport

svc(t) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"type": t, "selector": {"app": "a"}, "ports": [{"port": 80}]}}

test_nodeport_denied if {
	some r in service_nodeport.deny with input as svc("NodePort")
	r.path == ["spec", "type"]
}

test_cluster_ip_allowed if {
	count(service_nodeport.deny) == 0 with input as svc("ClusterIP")
	count(service_nodeport.deny) == 0 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}}
}
