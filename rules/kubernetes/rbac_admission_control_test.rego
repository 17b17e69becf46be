package palisade.kubernetes.rbac_admission_control_test

import data.palisade.kubernetes.rbac_admission_control

test_webhooks_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["admissionregistration.k8s.io"], "resources": ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"], "verbs": ["get", "patch"]}]}
	count(rbac_admission_control.deny) == 2 with input as obj
	{r.path | some r in rbac_admission_control.deny} == {["rules", 0, "resources", 0], ["rules", 0, "resources", 1]} with input as obj
}

test_policy_delete_denied if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["admissionregistration.k8s.io"], "resources": ["validatingadmissionpolicybindings"], "verbs": ["delete"]}]}
	count(rbac_admission_control.deny) == 1 with input as obj
}

test_restricted_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["admissionregistration.k8s.io"], "resources": ["validatingwebhookconfigurations"], "verbs": ["update"], "resourceNames": ["cert-manager-webhook"]}]}
	count(rbac_admission_control.deny) == 0 with input as obj
}

test_read_allowed if {
	obj := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"apiGroups": ["admissionregistration.k8s.io"], "resources": ["mutatingwebhookconfigurations"], "verbs": ["get", "list", "watch"]}]}
	count(rbac_admission_control.deny) == 0 with input as obj
}
