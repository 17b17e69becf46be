package palisade.kubernetes_set.netpol_default_deny_missing_test

import data.palisade.kubernetes_set.netpol_default_deny_missing

test_no_default_deny_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {}}]}]}}]}
	count(netpol_default_deny_missing.deny) == 1 with input as inp
	{[r.object, r.path] | some r in netpol_default_deny_missing.deny} == {[0, ["metadata", "name"]]} with input as inp
}

test_anchor_policy_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "api", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "api"}}}}]}
	count(netpol_default_deny_missing.deny) == 1 with input as inp
	{[r.object, r.path] | some r in netpol_default_deny_missing.deny} == {[1, ["metadata", "name"]]} with input as inp
}

test_open_ingress_denied if {
	inp := {"objects": [{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "all", "namespace": "shop"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"ports": [{"port": 80}]}]}}]}
	count(netpol_default_deny_missing.deny) == 1 with input as inp
}

test_egress_only_denied if {
	inp := {"objects": [{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "all", "namespace": "shop"}, "spec": {"podSelector": {}, "policyTypes": ["Egress"]}}]}
	count(netpol_default_deny_missing.deny) == 1 with input as inp
}

test_default_deny_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "default-deny", "namespace": "shop"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}, {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {}}]}]}}]}
	count(netpol_default_deny_missing.deny) == 0 with input as inp
}

test_implicit_type_allowed if {
	inp := {"objects": [{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "d", "namespace": "shop"}, "spec": {"podSelector": {}}}]}
	count(netpol_default_deny_missing.deny) == 0 with input as inp
}

test_same_namespace_only_allowed if {
	inp := {"objects": [{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "d", "namespace": "shop"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [{"from": [{"podSelector": {}}]}]}}]}
	count(netpol_default_deny_missing.deny) == 0 with input as inp
}

test_no_policies_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}]}
	count(netpol_default_deny_missing.deny) == 0 with input as inp
}
