package palisade.kubernetes.rbac_read_secrets_test

import data.palisade.kubernetes.rbac_read_secrets

test_list_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["configmaps", "secrets"], "verbs": ["list", "watch"]}]}
	count(rbac_read_secrets.deny) == 1 with input as obj
	{r.path | some r in rbac_read_secrets.deny} == {["rules", 0, "resources", 1]} with input as obj
}

test_wildcard_verb_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "app"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["*"]}]}
	count(rbac_read_secrets.deny) == 1 with input as obj
}

test_all_groups_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["*"], "resources": ["secrets"], "verbs": ["get"]}]}
	count(rbac_read_secrets.deny) == 1 with input as obj
}

test_resource_names_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["app-tls"]}]}
	count(rbac_read_secrets.deny) == 0 with input as obj
}

test_write_only_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create", "update"]}]}
	count(rbac_read_secrets.deny) == 0 with input as obj
}

test_other_group_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["apps"], "resources": ["secrets"], "verbs": ["get"]}]}
	count(rbac_read_secrets.deny) == 0 with input as obj
}

test_wildcard_resource_left_to_080 if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}]}
	count(rbac_read_secrets.deny) == 0 with input as obj
}
