package palisade.kubernetes.serviceaccount_legacy_secrets_test

import data.palisade.kubernetes.serviceaccount_legacy_secrets

test_secrets_denied if {
	obj := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "ci", "namespace": "app"}, "secrets": [{"name": "ci-token-x7k2p"}]}
	count(serviceaccount_legacy_secrets.deny) == 1 with input as obj
	{r.path | some r in serviceaccount_legacy_secrets.deny} == {["secrets"]} with input as obj
}

test_no_secrets_allowed if {
	obj := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "ci", "namespace": "app"}}
	count(serviceaccount_legacy_secrets.deny) == 0 with input as obj
}

test_empty_list_allowed if {
	obj := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "ci", "namespace": "app"}, "secrets": []}
	count(serviceaccount_legacy_secrets.deny) == 0 with input as obj
}
