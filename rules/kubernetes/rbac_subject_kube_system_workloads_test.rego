package palisade.kubernetes_set.rbac_subject_kube_system_workloads_test

import data.palisade.kubernetes_set.rbac_subject_kube_system_workloads as rule

_deployer := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "deployer"}, "rules": [
	{"apiGroups": ["apps"], "resources": ["deployments", "daemonsets"], "verbs": ["create", "update"]},
	{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
]}

_binding(kind, ns, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "deploy", "namespace": ns},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "deployer"}, "subjects": subjects,
}

test_cluster_binding_denied if {
	inp := {"objects": [_deployer, _binding("ClusterRoleBinding", "", [{"kind": "ServiceAccount", "name": "ci", "namespace": "tools"}])]}
	rule.deny == {{
		"msg": "ServiceAccount \"tools/ci\" can create Deployments, DaemonSets in every namespace, kube-system included, through ClusterRoleBinding \"deploy\" (ClusterRole \"deployer\")",
		"object": 1, "path": ["subjects", 0],
	}} with input as inp
}

test_kube_system_role_binding_denied if {
	inp := {"objects": [_deployer, _binding("RoleBinding", "kube-system", [{"kind": "User", "name": "alice"}, {"kind": "ServiceAccount", "name": "ctrl"}])]}
	{r.path | some r in rule.deny} == {["subjects", 0]} with input as inp
}

test_pods_wildcard_denied if {
	role := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "deployer"}, "rules": [{"apiGroups": [""], "resources": ["*"], "verbs": ["*"]}]}
	inp := {"objects": [role, _binding("ClusterRoleBinding", "", [{"kind": "Group", "name": "ops"}])]}
	count(rule.deny) == 1 with input as inp
}

test_other_namespace_allowed if {
	inp := {"objects": [_deployer, _binding("RoleBinding", "shop", [{"kind": "User", "name": "alice"}])]}
	count(rule.deny) == 0 with input as inp
}

test_read_only_allowed if {
	role := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "deployer"}, "rules": [{"apiGroups": ["", "apps", "batch"], "resources": ["*"], "verbs": ["get", "list", "watch"]}]}
	inp := {"objects": [role, _binding("ClusterRoleBinding", "", [{"kind": "User", "name": "alice"}])]}
	count(rule.deny) == 0 with input as inp
}
