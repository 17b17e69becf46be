package palisade.kubernetes.secret_serviceaccount_token_test

import data.palisade.kubernetes.secret_serviceaccount_token

test_token_denied if {
	obj := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "ci-token", "annotations": {"kubernetes.io/service-account.name": "ci"}}, "type": "kubernetes.io/service-account-token"}
	count(secret_serviceaccount_token.deny) == 1 with input as obj
	{r.path | some r in secret_serviceaccount_token.deny} == {["type"]} with input as obj
}

test_opaque_allowed if {
	obj := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, "type": "Opaque", "stringData": {"password": "x"}}
	count(secret_serviceaccount_token.deny) == 0 with input as obj
}
