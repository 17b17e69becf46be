package palisade.kubernetes.rbac_aggregated_dangerous_test

import data.palisade.kubernetes.rbac_aggregated_dangerous

test_view_secrets_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r", "labels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]}
	count(rbac_aggregated_dangerous.deny) == 1 with input as obj
	{r.path | some r in rbac_aggregated_dangerous.deny} == {["metadata", "labels", "rbac.authorization.k8s.io/aggregate-to-view"]} with input as obj
}

test_two_targets_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r", "labels": {"rbac.authorization.k8s.io/aggregate-to-edit": "true", "rbac.authorization.k8s.io/aggregate-to-admin": "true"}}, "rules": [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}]}
	count(rbac_aggregated_dangerous.deny) == 2 with input as obj
}

test_harmless_aggregation_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r", "labels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}}, "rules": [{"apiGroups": ["example.com"], "resources": ["widgets"], "verbs": ["get", "list", "watch"]}]}
	count(rbac_aggregated_dangerous.deny) == 0 with input as obj
}

test_not_aggregated_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]}
	count(rbac_aggregated_dangerous.deny) == 0 with input as obj
}

test_label_false_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r", "labels": {"rbac.authorization.k8s.io/aggregate-to-view": "false"}}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]}
	count(rbac_aggregated_dangerous.deny) == 0 with input as obj
}
