package palisade.kubernetes_set.rbac_subject_pod_exec_test

import data.palisade.kubernetes_set.rbac_subject_pod_exec as rule

_role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "debug", "namespace": "shop"}, "rules": rules}

_rb(subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "debuggers", "namespace": "shop"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "debug"}, "subjects": subjects,
}

test_exec_and_attach_denied if {
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["pods/exec", "pods/attach"], "verbs": ["create"]}]), _rb([{"kind": "User", "name": "alice"}])]}
	rule.deny == {{
		"msg": "User \"alice\" can exec into Pods, attach to Pods in namespace \"shop\" through RoleBinding \"debuggers\" (Role \"debug\")",
		"object": 1, "path": ["subjects", 0],
	}} with input as inp
}

test_get_exec_denied if {
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["get"]}]), _rb([{"kind": "Group", "name": "system:authenticated"}])]}
	count(rule.deny) == 1 with input as inp
}

test_anonymous_denied if {
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["*"], "verbs": ["create"]}]), _rb([{"kind": "User", "name": "system:anonymous"}])]}
	count(rule.deny) == 1 with input as inp
}

test_role_of_other_namespace_allowed if {
	role := object.union(_role([{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}]), {"metadata": {"namespace": "other"}})
	inp := {"objects": [role, _rb([{"kind": "User", "name": "alice"}])]}
	count(rule.deny) == 0 with input as inp
}

test_logs_allowed if {
	inp := {"objects": [_role([{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list"]}]), _rb([{"kind": "User", "name": "alice"}])]}
	count(rule.deny) == 0 with input as inp
}
