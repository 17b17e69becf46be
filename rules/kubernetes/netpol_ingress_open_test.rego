package palisade.kubernetes.netpol_ingress_open_test

import data.palisade.kubernetes.netpol_ingress_open

np(spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"}, "spec": object.union({"podSelector": {"matchLabels": {"app": "db"}}}, spec)}

test_empty_rule_denied if {
	some r in netpol_ingress_open.deny with input as np({"ingress": [{}]})
	r.path == ["spec", "ingress", 0]
}

test_ports_only_rule_denied if {
	count(netpol_ingress_open.deny) == 1 with input as np({"ingress": [{"ports": [{"port": 5432}]}]})
}

test_open_cidr_denied if {
	some r in netpol_ingress_open.deny with input as np({"ingress": [{"from": [{"podSelector": {}}, {"ipBlock": {"cidr": "0.0.0.0/0"}}]}]})
	r.path == ["spec", "ingress", 0, "from", 1, "ipBlock", "cidr"]
}

test_restricted_allowed if {
	count(netpol_ingress_open.deny) == 0 with input as np({"ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "api"}}}, {"ipBlock": {"cidr": "10.0.0.0/8"}}]}]})
}

test_deny_all_allowed if {
	count(netpol_ingress_open.deny) == 0 with input as np({"policyTypes": ["Ingress"]})
}

test_egress_only_policy_ignored if {
	count(netpol_ingress_open.deny) == 0 with input as np({"policyTypes": ["Egress"], "ingress": [{}]})
}
