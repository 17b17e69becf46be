package palisade.kubernetes.ingress_nginx_snippets_enabled_test

import data.palisade.kubernetes.ingress_nginx_snippets_enabled

cm(d) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ingress-nginx-controller"}, "data": d}

test_enabled_denied if {
	some r in ingress_nginx_snippets_enabled.deny with input as cm({"allow-snippet-annotations": "true"})
	r.path == ["data", "allow-snippet-annotations"]
}

test_disabled_allowed if {
	count(ingress_nginx_snippets_enabled.deny) == 0 with input as cm({"allow-snippet-annotations": "false"})
	count(ingress_nginx_snippets_enabled.deny) == 0 with input as cm({"use-forwarded-headers": "true"})
}
