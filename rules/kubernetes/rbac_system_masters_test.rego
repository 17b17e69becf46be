package palisade.kubernetes.rbac_system_masters_test

import data.palisade.kubernetes.rbac_system_masters

test_binding_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "masters-view"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "Group", "name": "system:masters", "apiGroup": "rbac.authorization.k8s.io"}]}
	count(rbac_system_masters.deny) == 1 with input as obj
	{r.path | some r in rbac_system_masters.deny} == {["subjects", 0, "name"]} with input as obj
}

test_csr_denied if {
	obj := {"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest", "metadata": {"name": "breakglass"}, "spec": {"request": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIcU1JR1FBZ0VBTUM0eEZ6QVZCZ05WQkFvTURuTjVjM1JsYlRwdFlYTjBaWEp6TVJNd0VRWURWUVFEREFwaQpjbVZoYTJkc1lYTnpNRmt3RXdZSEtvWkl6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUViemVoV2NWSGMzWGFsc3VJCmZYN1VmUUxna01iSUdmajBJL0d5M1pJY1I1eW9IeGdLTFMvTmkraUJ3emRSazJkTzFGd2xTQUtiYXBhbm8va2sKTzJsNExhQUFNQW9HQ0NxR1NNNDlCQU1DQTBrQU1FWUNJUURzWC9rVG10UEZmTjFHNkU3aHZIYXk4Tlh6cVJyOQowSXhVSE91ZmNxeUVPQUloQVB4ZFNrMzkvMjNTaCs0QlErckJ1dmhiL201eU5NemZUdFE3WTduUDZsNHEKLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==", "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}
	count(rbac_system_masters.deny) == 1 with input as obj
	{r.path | some r in rbac_system_masters.deny} == {["spec", "request"]} with input as obj
}

test_csr_other_group_allowed if {
	obj := {"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest", "metadata": {"name": "breakglass"}, "spec": {"request": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIZE1JR0ZBZ0VBTUNNeEVUQVBCZ05WQkFvTUNHUmxkaTEwWldGdE1RNHdEQVlEVlFRRERBVmhiR2xqWlRCWgpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQUJHR3pLdDNDRGcxOU9EcFpRd0ZYQlVkcS9vdHRsbFdqClh2T3BNeks3RlNNKzMvTmlwd1VGbGpZVTBTK0Z2UXFaMTRjSXVSTC9FZ2pBNXVNdlJVbGlUM09nQURBS0JnZ3EKaGtqT1BRUURBZ05IQURCRUFpQlMvRUU4WE15N1ZqYUFma1UzVFR4UW5PNVplL0h5VFQ4QlZJcGVCcy9ZeVFJZwpWam1tQ0syU1FqaVVhcjdXWWdoaXI2cVF1bXpVQjFtb3grUW82RkJ0ZFFzPQotLS0tLUVORCBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K", "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}
	count(rbac_system_masters.deny) == 0 with input as obj
}

test_csr_garbage_allowed if {
	obj := {"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest", "metadata": {"name": "breakglass"}, "spec": {"request": "bm90IGEgY3Ny", "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}
	count(rbac_system_masters.deny) == 0 with input as obj
}

test_builtin_binding_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "cluster-admin", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "Group", "name": "system:masters"}]}
	count(rbac_system_masters.deny) == 0 with input as obj
}

test_other_group_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "admins"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "Group", "name": "platform-admins"}]}
	count(rbac_system_masters.deny) == 0 with input as obj
}
