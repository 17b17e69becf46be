package palisade.kubernetes.psa_enforce_privileged_test

import data.palisade.kubernetes.psa_enforce_privileged

test_privileged_denied if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}}}
	count(psa_enforce_privileged.deny) == 1 with input as obj
	{r.path | some r in psa_enforce_privileged.deny} == {["metadata", "labels", "pod-security.kubernetes.io/enforce"]} with input as obj
}

test_restricted_allowed if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "restricted"}}}
	count(psa_enforce_privileged.deny) == 0 with input as obj
}

test_kube_system_allowed if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "kube-system", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}}}
	count(psa_enforce_privileged.deny) == 0 with input as obj
}
