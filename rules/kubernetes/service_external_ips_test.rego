package palisade.kubernetes.service_external_ips_test

import data.palisade.kubernetes.service_external_ips

test_external_ips_denied if {
	s := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}], "externalIPs": ["198.51.100.7"]}}
	some r in service_external_ips.deny with input as s
	r.path == ["spec", "externalIPs"]
}

test_no_external_ips_allowed if {
	count(service_external_ips.deny) == 0 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}}
	count(service_external_ips.deny) == 0 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"externalIPs": []}}
}
