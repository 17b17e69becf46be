package lib.kubernetes_objects_test

import data.lib.kubernetes as k8s

cronjob := {
	"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c", "namespace": ""},
	"spec": {"jobTemplate": {"spec": {"template": {
		"metadata": {"labels": {"app": "c"}},
		"spec": {"serviceAccount": "legacy", "containers": [{"name": "x", "image": "busybox:1.36"}]},
	}}}},
}

test_pod_template_of_cronjob if {
	k8s.pod_spec_path_of(cronjob) == ["spec", "jobTemplate", "spec", "template", "spec"]
	k8s.pod_labels_of(cronjob) == {"app": "c"}
	k8s.namespace_of(cronjob) == "default"
	count(k8s.containers_of(cronjob)) == 1
}

test_service_account_of if {
	k8s.service_account_of(cronjob) == "legacy"
	k8s.service_account_path_of(cronjob) == ["spec", "jobTemplate", "spec", "template", "spec", "serviceAccount"]
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}
	k8s.service_account_of(pod) == "default"
	k8s.service_account_path_of(pod) == ["spec"]
}

test_selector_matches if {
	labels := {"app": "web", "tier": "fe"}
	k8s.selector_matches({}, labels)
	k8s.selector_matches({"matchLabels": {"app": "web"}}, labels)
	not k8s.selector_matches({"matchLabels": {"app": "api"}}, labels)
	k8s.selector_matches({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}]}, labels)
	not k8s.selector_matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["fe"]}]}, labels)
	k8s.selector_matches({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}, labels)
	k8s.selector_matches({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, labels)
	not k8s.selector_matches({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, labels)
	not k8s.selector_matches({"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "zone", "operator": "Exists"}]}, labels)
}

test_service_selects if {
	k8s.service_selects({"spec": {"selector": {"app": "web"}}}, {"app": "web", "x": "y"})
	not k8s.service_selects({"spec": {}}, {"app": "web"})
}

test_controlled_objects_are_not_running_workloads if {
	not k8s.is_running_workload({"kind": "Pod", "metadata": {"name": "p", "ownerReferences": [{"kind": "ReplicaSet", "controller": true}]}})
	k8s.is_running_workload({"kind": "Pod", "metadata": {"name": "p"}})
	not k8s.is_running_workload({"kind": "PodTemplate", "metadata": {"name": "p"}})
}

test_rbac_allows if {
	k8s.rbac_allows({"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}, "", "secrets", "get")
	k8s.rbac_allows({"apiGroups": ["*"], "resources": ["*/exec"], "verbs": ["*"]}, "", "pods/exec", "create")
	not k8s.rbac_allows({"apiGroups": ["apps"], "resources": ["*"], "verbs": ["*"]}, "", "secrets", "get")
	not k8s.rbac_allows({"apiGroups": [""], "resources": ["pods"], "verbs": ["*"]}, "", "pods/exec", "create")
}

test_rbac_rule_dangers if {
	k8s.rbac_rule_dangers({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}) == {
		"do anything on any resource", "read Secrets", "create Pods", "exec into Pods", "attach to Pods",
		"impersonate users", "impersonate groups", "impersonate ServiceAccounts",
		"create ServiceAccount tokens", "proxy to kubelets", "escalate roles", "bind roles",
	}
	k8s.rbac_rule_dangers({"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["tls"]}) == set()
	k8s.rbac_rule_dangers({"apiGroups": [""], "resources": ["configmaps"], "verbs": ["*"]}) == set()
}

test_set_service_account_dangers if {
	objects := [
		{"kind": "ClusterRole", "metadata": {"name": "reader"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}]},
		{"kind": "ClusterRoleBinding", "metadata": {"name": "b1"}, "roleRef": {"kind": "ClusterRole", "name": "reader"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]},
		{"kind": "RoleBinding", "metadata": {"name": "b2", "namespace": "shop"}, "roleRef": {"kind": "ClusterRole", "name": "edit"}, "subjects": [{"kind": "Group", "name": "system:serviceaccounts:shop"}]},
		{"kind": "RoleBinding", "metadata": {"name": "b3", "namespace": "other"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "web"}]},
	]
	got := k8s.set_service_account_dangers("shop", "web") with input as {"objects": objects}
	got == {
		{"binding": "ClusterRoleBinding \"b1\"", "what": "read Secrets"},
		{"binding": "RoleBinding \"b2\"", "what": "read Secrets"},
		{"binding": "RoleBinding \"b2\"", "what": "create Pods"},
		{"binding": "RoleBinding \"b2\"", "what": "exec into Pods"},
	}
}
