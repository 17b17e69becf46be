package palisade.kubernetes.rbac_csr_approval_test

import data.palisade.kubernetes.rbac_csr_approval

test_approval_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests", "certificatesigningrequests/approval"], "verbs": ["get", "update"]}]}
	count(rbac_csr_approval.deny) == 1 with input as obj
	{r.path | some r in rbac_csr_approval.deny} == {["rules", 0, "resources", 1]} with input as obj
}

test_create_csr_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests"], "verbs": ["create", "get"]}]}
	count(rbac_csr_approval.deny) == 0 with input as obj
}

test_read_approval_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["get"]}]}
	count(rbac_csr_approval.deny) == 0 with input as obj
}
