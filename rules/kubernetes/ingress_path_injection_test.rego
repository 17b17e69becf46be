package palisade.kubernetes.ingress_path_injection_test

import data.palisade.kubernetes.ingress_path_injection

ing(path, t) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"rules": [{"host": "a.example.com", "http": {"paths": [
	{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
	{"path": path, "pathType": t, "backend": {"service": {"name": "web", "port": {"number": 80}}}},
]}}]}}

test_injection_denied if {
	every path in [
		"/a { root /var/run/secrets/kubernetes.io/serviceaccount; }",
		"/x;location /y",
		"/var/run/secrets/kubernetes.io/serviceaccount/token",
		"/etc/passwd",
		"/a'b",
	] {
		count(ingress_path_injection.deny) == 1 with input as ing(path, "ImplementationSpecific")
	}
}

test_braces_in_prefix_denied if {
	some r in ingress_path_injection.deny with input as ing("/api/{id}", "Prefix")
	r.path == ["spec", "rules", 0, "http", "paths", 1, "path"]
}

test_normal_paths_allowed if {
	count(ingress_path_injection.deny) == 0 with input as ing("/api/v1/orders", "Prefix")
	count(ingress_path_injection.deny) == 0 with input as ing("/static/app.v2.js", "Exact")
	count(ingress_path_injection.deny) == 0 with input as ing("/api/v[0-9]{1,2}/(.*)", "ImplementationSpecific")
	count(ingress_path_injection.deny) == 0 with input as ing("/etcd-ui", "Prefix")
}
