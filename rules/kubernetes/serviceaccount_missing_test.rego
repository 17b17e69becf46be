package palisade.kubernetes_set.serviceaccount_missing_test

import data.palisade.kubernetes_set.serviceaccount_missing

test_missing_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "api", "namespace": "shop"}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web"}}}}]}
	count(serviceaccount_missing.deny) == 1 with input as inp
	{[r.object, r.path] | some r in serviceaccount_missing.deny} == {[1, ["spec", "template", "spec", "serviceAccountName"]]} with input as inp
}

test_present_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web"}}}}]}
	count(serviceaccount_missing.deny) == 0 with input as inp
}

test_no_accounts_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web"}}}}]}
	count(serviceaccount_missing.deny) == 0 with input as inp
}

test_default_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "api", "namespace": "shop"}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}]}
	count(serviceaccount_missing.deny) == 0 with input as inp
}

test_other_namespace_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "other"}}, {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "api", "namespace": "shop"}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web"}}}}]}
	count(serviceaccount_missing.deny) == 1 with input as inp
}
