package palisade.kubernetes_set.rbac_subject_escalation_test

import data.palisade.kubernetes_set.rbac_subject_escalation as rule

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "power"}, "rules": rules}

_binding(kind, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "power", "namespace": "shop"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "power"}, "subjects": subjects,
}

test_escalate_bind_impersonate_denied if {
	inp := {"objects": [
		_role([
			{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["escalate", "bind"]},
			{"apiGroups": [""], "resources": ["users", "groups"], "verbs": ["impersonate"]},
		]),
		_binding("ClusterRoleBinding", [{"kind": "User", "name": "alice"}]),
	]}
	rule.deny == {{
		"msg": "User \"alice\" can escalate ClusterRoles, bind ClusterRoles, impersonate users, impersonate groups cluster-wide through ClusterRoleBinding \"power\" (ClusterRole \"power\")",
		"object": 1, "path": ["subjects", 0],
	}} with input as inp
}

test_namespace_binding_denied if {
	inp := {"objects": [
		_role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]),
		_binding("RoleBinding", [{"kind": "ServiceAccount", "name": "ci"}]),
	]}
	{r.msg | some r in rule.deny} == {"ServiceAccount \"shop/ci\" can escalate Roles, bind Roles, bind ClusterRoles, impersonate ServiceAccounts in namespace \"shop\" through RoleBinding \"power\" (ClusterRole \"power\")"} with input as inp
}

test_namespace_binding_cluster_only_allowed if {
	inp := {"objects": [
		_role([{"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"]}, {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["escalate"]}]),
		_binding("RoleBinding", [{"kind": "User", "name": "alice"}]),
	]}
	count(rule.deny) == 0 with input as inp
}

test_named_bind_allowed if {
	inp := {"objects": [
		_role([{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["bind"], "resourceNames": ["view"]}]),
		_binding("ClusterRoleBinding", [{"kind": "User", "name": "alice"}]),
	]}
	count(rule.deny) == 0 with input as inp
}

test_kube_system_account_allowed if {
	inp := {"objects": [
		_role([{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]}]),
		_binding("ClusterRoleBinding", [{"kind": "ServiceAccount", "name": "x", "namespace": "kube-system"}]),
	]}
	count(rule.deny) == 0 with input as inp
}
