package palisade.kubernetes.psa_version_pinned_test

import data.palisade.kubernetes.psa_version_pinned

test_pinned_denied if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.25"}}}
	count(psa_version_pinned.deny) == 1 with input as obj
	{r.path | some r in psa_version_pinned.deny} == {["metadata", "labels", "pod-security.kubernetes.io/enforce-version"]} with input as obj
}

test_latest_allowed if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest"}}}
	count(psa_version_pinned.deny) == 0 with input as obj
}

test_unpinned_allowed if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "restricted"}}}
	count(psa_version_pinned.deny) == 0 with input as obj
}

test_privileged_pinned_left_to_101 if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/enforce-version": "v1.25"}}}
	count(psa_version_pinned.deny) == 0 with input as obj
}
