package palisade.kubernetes.rbac_pod_exec_test

import data.palisade.kubernetes.rbac_pod_exec

test_exec_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}, {"apiGroups": [""], "resources": ["pods/exec", "pods/attach"], "verbs": ["create"]}]}
	count(rbac_pod_exec.deny) == 2 with input as obj
	{r.path | some r in rbac_pod_exec.deny} == {["rules", 1, "resources", 0], ["rules", 1, "resources", 1]} with input as obj
}

test_get_exec_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "a"}, "rules": [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["get"]}]}
	count(rbac_pod_exec.deny) == 1 with input as obj
}

test_logs_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list"]}]}
	count(rbac_pod_exec.deny) == 0 with input as obj
}
