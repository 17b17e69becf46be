package palisade.kubernetes.ingress_tls_missing_test

import data.palisade.kubernetes.ingress_tls_missing

ing(meta, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": object.union({"name": "i"}, meta), "spec": object.union({"rules": [{"host": "a.example.com"}]}, spec)}

test_no_tls_denied if {
	some r in ingress_tls_missing.deny with input as ing({}, {})
	r.path == ["spec", "tls"]
}

test_empty_tls_denied if {
	count(ingress_tls_missing.deny) == 1 with input as ing({}, {"tls": []})
}

test_tls_allowed if {
	count(ingress_tls_missing.deny) == 0 with input as ing({}, {"tls": [{"hosts": ["a.example.com"], "secretName": "a-tls"}]})
}

test_cloud_certificate_allowed if {
	a := {"alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc"}
	count(ingress_tls_missing.deny) == 0 with input as ing({"annotations": a}, {})
}
