package palisade.kubernetes.psa_enforce_missing_test

import data.palisade.kubernetes.psa_enforce_missing

test_no_labels_denied if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
	count(psa_enforce_missing.deny) == 1 with input as obj
	{r.path | some r in psa_enforce_missing.deny} == {["metadata"]} with input as obj
}

test_warn_only_denied if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/warn": "restricted"}}}
	count(psa_enforce_missing.deny) == 1 with input as obj
	{r.path | some r in psa_enforce_missing.deny} == {["metadata", "labels"]} with input as obj
}

test_enforced_allowed if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}}}
	count(psa_enforce_missing.deny) == 0 with input as obj
}

test_kube_system_allowed if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "kube-system"}}
	count(psa_enforce_missing.deny) == 0 with input as obj
}
