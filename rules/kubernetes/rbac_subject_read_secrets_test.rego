package palisade.kubernetes_set.rbac_subject_read_secrets_test

import data.palisade.kubernetes_set.rbac_subject_read_secrets as rule

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader"}, "rules": rules}

_crb(subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "readers"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "reader"}, "subjects": subjects,
}

test_user_denied if {
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}]), _crb([{"kind": "User", "name": "alice"}])]}
	rule.deny == {{
		"msg": "User \"alice\" can read Secrets cluster-wide through ClusterRoleBinding \"readers\" (ClusterRole \"reader\")",
		"object": 1, "path": ["subjects", 0],
	}} with input as inp
}

test_aggregated_wildcard_denied if {
	agg := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader"},
		"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"to-reader": "true"}}]},
	}
	part := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "part", "labels": {"to-reader": "true"}}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["watch"]}]}
	inp := {"objects": [agg, part, _crb([{"kind": "Group", "name": "devs"}, {"kind": "Group", "name": "system:masters"}])]}
	{r.path | some r in rule.deny} == {["subjects", 0]} with input as inp
}

test_default_edit_in_namespace_denied if {
	rb := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "devs", "namespace": "shop"},
		"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}, "subjects": [{"kind": "ServiceAccount", "name": "ci"}],
	}
	{r.msg | some r in rule.deny} == {"ServiceAccount \"shop/ci\" can read Secrets in namespace \"shop\" through RoleBinding \"devs\" (ClusterRole \"edit\")"} with input as {"objects": [rb]}
}

test_other_permissions_allowed if {
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["*"]}, {"apiGroups": [""], "resources": ["secrets"], "verbs": ["create", "delete"]}]), _crb([{"kind": "User", "name": "alice"}])]}
	count(rule.deny) == 0 with input as inp
}

test_system_subjects_allowed if {
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]), _crb([{"kind": "User", "name": "system:kube-scheduler"}, {"kind": "ServiceAccount", "name": "ctrl", "namespace": "kube-system"}])]}
	count(rule.deny) == 0 with input as inp
}

test_builtin_binding_allowed if {
	b := object.union(_crb([{"kind": "User", "name": "alice"}]), {"metadata": {"name": "system:readers"}})
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]), b]}
	count(rule.deny) == 0 with input as inp
}
