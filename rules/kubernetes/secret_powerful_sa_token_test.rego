package palisade.kubernetes_set.secret_powerful_sa_token_test

import data.palisade.kubernetes_set.secret_powerful_sa_token

test_admin_token_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web-token", "annotations": {"kubernetes.io/service-account.name": "web"}, "namespace": "shop"}, "type": "kubernetes.io/service-account-token"}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "web-admin"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]}]}
	count(secret_powerful_sa_token.deny) == 1 with input as inp
	{[r.object, r.path] | some r in secret_powerful_sa_token.deny} == {[0, ["metadata", "annotations", "kubernetes.io/service-account.name"]]} with input as inp
}

test_harmless_token_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web-token", "annotations": {"kubernetes.io/service-account.name": "web"}, "namespace": "shop"}, "type": "kubernetes.io/service-account-token"}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "v"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]}]}
	count(secret_powerful_sa_token.deny) == 0 with input as inp
}

test_unbound_token_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "web-token", "annotations": {"kubernetes.io/service-account.name": "web"}, "namespace": "shop"}, "type": "kubernetes.io/service-account-token"}]}
	count(secret_powerful_sa_token.deny) == 0 with input as inp
}
