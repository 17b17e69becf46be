package palisade.kubernetes.rbac_ephemeral_containers_test

import data.palisade.kubernetes.rbac_ephemeral_containers

test_patch_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods/ephemeralcontainers"], "verbs": ["patch"]}]}
	count(rbac_ephemeral_containers.deny) == 1 with input as obj
	{r.path | some r in rbac_ephemeral_containers.deny} == {["rules", 0, "resources", 0]} with input as obj
}

test_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods/ephemeralcontainers"], "verbs": ["get"]}]}
	count(rbac_ephemeral_containers.deny) == 0 with input as obj
}
