package palisade.kubernetes_set.rbac_workload_powerful_sa_test

import data.palisade.kubernetes_set.rbac_workload_powerful_sa

test_cluster_admin_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web"}}}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "web-admin"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 1 with input as inp
	{[r.object, r.path] | some r in rbac_workload_powerful_sa.deny} == {[0, ["spec", "template", "spec", "serviceAccountName"]]} with input as inp
}

test_default_sa_role_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "p"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "secret-reader", "namespace": "shop"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "read", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secret-reader"}, "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 1 with input as inp
	{[r.object, r.path] | some r in rbac_workload_powerful_sa.deny} == {[0, ["spec"]]} with input as inp
}

test_group_binding_denied if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "p"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "e", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}, "subjects": [{"kind": "Group", "name": "system:serviceaccounts:shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 1 with input as inp
}

test_automount_off_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web", "automountServiceAccountToken": false}}}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "web-admin"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 0 with input as inp
}

test_sa_automount_off_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web"}}}}, {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"}, "automountServiceAccountToken": false}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "web-admin"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 0 with input as inp
}

test_pod_overrides_sa_denied if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web", "automountServiceAccountToken": true}}}}, {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"}, "automountServiceAccountToken": false}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "web-admin"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 1 with input as inp
}

test_other_namespace_allowed if {
	inp := {"objects": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "other"}, "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "serviceAccountName": "web"}}}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "web-admin"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 0 with input as inp
}

test_role_in_other_namespace_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "p"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "secret-reader", "namespace": "x"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "read", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secret-reader"}, "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 0 with input as inp
}

test_harmless_role_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "p"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "secret-reader", "namespace": "shop"}, "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "read", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secret-reader"}, "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 0 with input as inp
}

test_restricted_secret_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "p"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "secret-reader", "namespace": "shop"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["tls"]}]}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "read", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secret-reader"}, "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 0 with input as inp
}

test_view_allowed if {
	inp := {"objects": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "p"}, "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "v"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}]}]}
	count(rbac_workload_powerful_sa.deny) == 0 with input as inp
}
