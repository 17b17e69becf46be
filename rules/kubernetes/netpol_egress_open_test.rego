package palisade.kubernetes.netpol_egress_open_test

import data.palisade.kubernetes.netpol_egress_open

np(egress) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"}, "spec": {"podSelector": {}, "policyTypes": ["Egress"], "egress": egress}}

test_empty_rule_denied if {
	some r in netpol_egress_open.deny with input as np([{}])
	r.path == ["spec", "egress", 0]
}

test_open_cidr_denied if {
	some r in netpol_egress_open.deny with input as np([{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}], "ports": [{"port": 443}]}])
	r.path == ["spec", "egress", 0, "to", 0, "ipBlock", "cidr"]
}

test_dns_only_allowed if {
	count(netpol_egress_open.deny) == 0 with input as np([{"ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}])
}

test_restricted_allowed if {
	count(netpol_egress_open.deny) == 0 with input as np([{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "db"}}}]}])
}

test_implicit_egress_policy_denied if {
	p := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"}, "spec": {"podSelector": {}, "egress": [{}]}}
	count(netpol_egress_open.deny) == 1 with input as p
}

test_ingress_only_policy_ignored if {
	p := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress"], "egress": [{}]}}
	count(netpol_egress_open.deny) == 0 with input as p
}
