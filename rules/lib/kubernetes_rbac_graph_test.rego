package lib.kubernetes_rbac_graph_test

import data.lib.kubernetes as k8s

_crb(name, role, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": name},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}, "subjects": subjects,
}

_rb(ns, name, kind, role, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": name, "namespace": ns},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role}, "subjects": subjects,
}

_cr(name, labels, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": name, "labels": labels}, "rules": rules}

_secrets := {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}

_exec := {"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}

_aggregated(name, selectors) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": name},
	"aggregationRule": {"clusterRoleSelectors": selectors}, "rules": [],
}

test_aggregation_match_labels_and_expressions if {
	objs := [
		_aggregated("agg", [{"matchLabels": {"team": "a"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["x", "y"]}]}]),
		_cr("both", {"team": "a", "tier": "x"}, [_secrets]),
		_cr("label-only", {"team": "a"}, [_exec]),
		_cr("other", {"team": "b", "tier": "x"}, [_exec]),
	]
	k8s.set_cluster_role_members.agg == {"both"} with input as {"objects": objs}
	k8s.set_role_rules("ClusterRole/agg") == {_secrets} with input as {"objects": objs}
}

test_aggregation_any_selector_and_operators if {
	objs := [
		_aggregated("agg", [
			{"matchExpressions": [{"key": "a", "operator": "Exists"}, {"key": "b", "operator": "DoesNotExist"}]},
			{"matchExpressions": [{"key": "c", "operator": "NotIn", "values": ["no"]}], "matchLabels": {"d": "1"}},
		]),
		_cr("a", {"a": "1"}, []),
		_cr("ab", {"a": "1", "b": "1"}, []),
		_cr("d", {"d": "1"}, []),
		_cr("dc", {"d": "1", "c": "no"}, []),
	]
	k8s.set_cluster_role_members.agg == {"a", "d"} with input as {"objects": objs}
}

test_aggregation_several_match_labels if {
	objs := [
		_aggregated("agg", [{"matchLabels": {"a": "1", "b": "2", "c": "3"}}]),
		_cr("all", {"a": "1", "b": "2", "c": "3", "d": "4"}, []),
		_cr("some", {"a": "1", "b": "2"}, []),
		_cr("none", {}, []),
	]
	k8s.set_cluster_role_members.agg == {"all"} with input as {"objects": objs}
}

test_aggregation_is_transitive_and_keeps_own_rules if {
	own := {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}
	objs := [
		object.union(_aggregated("top", [{"matchLabels": {"to-top": "true"}}]), {"rules": [own]}),
		object.union(_aggregated("mid", [{"matchLabels": {"to-mid": "true"}}]), {"metadata": {"name": "mid", "labels": {"to-top": "true"}}}),
		_cr("leaf", {"to-mid": "true"}, [_exec]),
	]
	k8s.set_role_rules("ClusterRole/top") == {own, _exec} with input as {"objects": objs}
}

test_default_roles_stand_in if {
	objs := [_cr("extra", {"rbac.authorization.k8s.io/aggregate-to-view": "true"}, [_exec])]

	# admin <- edit <- view <- extra
	_exec in k8s.set_role_rules("ClusterRole/admin") with input as {"objects": objs}
	_secrets_read in k8s.set_role_rules("ClusterRole/admin") with input as {"objects": objs}
	count(k8s.set_role_rules("ClusterRole/missing")) == 0 with input as {"objects": objs}
}

_secrets_read := k8s.rbac_default_cluster_roles.edit.rules[1]

test_scan_role_replaces_default if {
	objs := [_cr("edit", {}, [])]
	count(k8s.set_role_rules("ClusterRole/edit")) == 0 with input as {"objects": objs}
}

test_role_key if {
	k8s.rbac_role_key(_rb("shop", "b", "Role", "r", [])) == "Role/shop/r"
	k8s.rbac_role_key(_rb("shop", "b", "ClusterRole", "r", [])) == "ClusterRole/r"
	not k8s.rbac_role_key(object.union(_crb("b", "r", []), {"roleRef": {"kind": "Role"}}))
}

test_rule_permissions if {
	whats(k8s.rbac_rule_permissions({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]})) == {p.what | some p in k8s.rbac_subject_permissions}
	whats(k8s.rbac_rule_permissions({"apiGroups": [""], "resources": ["*/exec"], "verbs": ["get"]})) == {"exec into Pods"}
	whats(k8s.rbac_rule_permissions({"apiGroups": ["authentication.k8s.io"], "resources": ["userextras/scopes"], "verbs": ["impersonate"]})) == {"impersonate user extras"}
	whats(k8s.rbac_rule_permissions({"apiGroups": ["*"], "resources": ["*/scopes"], "verbs": ["impersonate"]})) == {"impersonate user extras"}
	whats(k8s.rbac_rule_permissions({"apiGroups": ["", "apps"], "resources": ["pods", "deployments", "services"], "verbs": ["create", "get"]})) == {"Pods", "Deployments"}
	whats(k8s.rbac_rule_permissions({"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["tls"]})) == set()
	whats(k8s.rbac_rule_permissions({"apiGroups": ["apps"], "resources": ["secrets"], "verbs": ["get"]})) == set()
	whats(k8s.rbac_rule_permissions({"nonResourceURLs": ["*"], "verbs": ["*"]})) == set()
}

whats(perms) := {p.what | some p in perms}

test_subject_grants if {
	objs := [
		{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "shop"}, "rules": [_secrets, {"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"]}]},
		_rb("shop", "b", "Role", "r", [
			{"kind": "User", "name": "alice"},
			{"kind": "ServiceAccount", "name": "app"},
			{"kind": "ServiceAccount", "name": "x", "namespace": "kube-system"},
			{"kind": "Group", "name": "system:nodes"},
			{"kind": "User", "name": "eks:addon-manager"},
			{"kind": "Group", "name": "system:authenticated"},
			{"kind": "Group", "name": "system:serviceaccounts:shop"},
		]),
		_rb("shop", "system:b", "Role", "r", [{"kind": "User", "name": "bob"}]),
	]
	grants := k8s.set_subject_grants with input as {"objects": objs}
	{[g.subject, g.who] | some g in grants} == {[0, "User \"alice\""], [1, "ServiceAccount \"shop/app\""], [5, "Group \"system:authenticated\""], [6, "Group \"system:serviceaccounts:shop\""]}

	# impersonating users is cluster-scoped: a RoleBinding does not grant it
	{whats(g.permissions) | some g in grants} == {{"read Secrets"}}
	{g.scope | some g in grants} == {"in namespace \"shop\""}
}

test_subject_grants_builtin_binding_skipped if {
	objs := [
		_cr("r", {}, [_secrets]),
		object.union(_crb("b", "r", [{"kind": "User", "name": "alice"}]), {"metadata": {"labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}}),
	]
	count(k8s.set_subject_grants) == 0 with input as {"objects": objs}
}
