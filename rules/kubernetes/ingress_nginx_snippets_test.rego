package palisade.kubernetes.ingress_nginx_snippets_test

import data.palisade.kubernetes.ingress_nginx_snippets

ing(a) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "annotations": a}, "spec": {"rules": [{"host": "a.example.com"}]}}

test_snippets_denied if {
	every k in [
		"nginx.ingress.kubernetes.io/configuration-snippet",
		"nginx.ingress.kubernetes.io/server-snippet",
		"nginx.ingress.kubernetes.io/auth-snippet",
		"nginx.ingress.kubernetes.io/modsecurity-snippet",
		"nginx.org/location-snippets",
	] {
		count(ingress_nginx_snippets.deny) == 1 with input as ing({k: "more_set_headers \"X-Frame-Options: DENY\";"})
	}
}

test_path_points_at_annotation if {
	some r in ingress_nginx_snippets.deny with input as ing({"nginx.ingress.kubernetes.io/server-snippet": "x"})
	r.path == ["metadata", "annotations", "nginx.ingress.kubernetes.io/server-snippet"]
}

test_other_annotations_allowed if {
	a := {
		"nginx.ingress.kubernetes.io/rewrite-target": "/",
		"nginx.ingress.kubernetes.io/ssl-redirect": "true",
		"cert-manager.io/cluster-issuer": "letsencrypt",
	}
	count(ingress_nginx_snippets.deny) == 0 with input as ing(a)
}
