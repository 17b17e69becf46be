package palisade.kubernetes.serviceaccount_default_automount_test

import data.palisade.kubernetes.serviceaccount_default_automount

test_missing_denied if {
	obj := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "app"}}
	count(serviceaccount_default_automount.deny) == 1 with input as obj
	{r.path | some r in serviceaccount_default_automount.deny} == {["metadata", "name"]} with input as obj
}

test_true_denied if {
	obj := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "app"}, "automountServiceAccountToken": true}
	count(serviceaccount_default_automount.deny) == 1 with input as obj
	{r.path | some r in serviceaccount_default_automount.deny} == {["automountServiceAccountToken"]} with input as obj
}

test_false_allowed if {
	obj := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "app"}, "automountServiceAccountToken": false}
	count(serviceaccount_default_automount.deny) == 0 with input as obj
}

test_other_account_allowed if {
	obj := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "app"}}
	count(serviceaccount_default_automount.deny) == 0 with input as obj
}
