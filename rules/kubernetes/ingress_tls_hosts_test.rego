package palisade.kubernetes.ingress_tls_hosts_test

import data.palisade.kubernetes.ingress_tls_hosts

ing(tls, hosts) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"tls": tls, "rules": [{"host": h} | some h in hosts]}}

test_uncovered_host_denied if {
	i := ing([{"hosts": ["a.example.com"], "secretName": "a"}], ["a.example.com", "b.example.com"])
	some r in ingress_tls_hosts.deny with input as i
	r.path == ["spec", "rules", 1, "host"]
	count(ingress_tls_hosts.deny) == 1 with input as i
}

test_wildcard_one_label_only if {
	i := ing([{"hosts": ["*.example.com"], "secretName": "w"}], ["a.example.com", "x.a.example.com", "example.com"])
	count(ingress_tls_hosts.deny) == 2 with input as i
}

test_covered_allowed if {
	i := ing([{"hosts": ["a.example.com"], "secretName": "a"}, {"hosts": ["*.api.example.com"], "secretName": "w"}], ["A.example.com", "v1.api.example.com"])
	count(ingress_tls_hosts.deny) == 0 with input as i
}

test_no_tls_left_to_other_rule if {
	count(ingress_tls_hosts.deny) == 0 with input as ing([], ["a.example.com"])
}
