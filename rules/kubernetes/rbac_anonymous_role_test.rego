package palisade.kubernetes_set.rbac_anonymous_role_test

import data.palisade.kubernetes_set.rbac_anonymous_role as rule

_crb(name, role, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": name},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}, "subjects": subjects,
}

_anon := [{"kind": "Group", "name": "system:unauthenticated"}]

test_any_role_denied if {
	inp := {"objects": [_crb("open", "view", [{"kind": "Group", "name": "devs"}, {"kind": "User", "name": "system:anonymous"}])]}
	rule.deny == {{
		"msg": "ClusterRoleBinding \"open\" grants ClusterRole \"view\" cluster-wide to User \"system:anonymous\", that is to every request without credentials",
		"object": 0, "path": ["subjects", 1],
	}} with input as inp
}

test_role_binding_denied if {
	rb := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "open", "namespace": "shop"},
		"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "nothing"}, "subjects": _anon,
	}
	count(rule.deny) == 1 with input as {"objects": [rb]}
}

test_system_named_binding_denied if {
	count(rule.deny) == 1 with input as {"objects": [_crb("system:sneaky", "cluster-admin", _anon)]}
}

test_default_public_info_viewer_allowed if {
	role := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "system:public-info-viewer"},
		"rules": [{"nonResourceURLs": ["/healthz", "/livez", "/readyz", "/version", "/version/"], "verbs": ["get"]}],
	}
	inp := {"objects": [role, _crb("system:public-info-viewer", "system:public-info-viewer", [{"kind": "Group", "name": "system:authenticated"}, {"kind": "Group", "name": "system:unauthenticated"}])]}
	count(rule.deny) == 0 with input as inp
}

test_legacy_discovery_bindings_allowed if {
	basic := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "system:basic-user"},
		"rules": [
			{"apiGroups": ["authorization.k8s.io"], "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], "verbs": ["create"]},
			{"apiGroups": ["authentication.k8s.io"], "resources": ["selfsubjectreviews"], "verbs": ["create"]},
		],
	}
	inp := {"objects": [basic, _crb("system:basic-user", "system:basic-user", _anon), _crb("system:discovery", "system:discovery", _anon)]}
	count(rule.deny) == 0 with input as inp
}

test_modified_discovery_role_denied if {
	role := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "system:discovery"},
		"rules": [{"nonResourceURLs": ["/api", "/apis"], "verbs": ["get"]}, {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}],
	}
	count(rule.deny) == 1 with input as {"objects": [role, _crb("system:discovery", "system:discovery", _anon)]}
}

test_aggregated_into_discovery_role_denied if {
	role := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "system:public-info-viewer"},
		"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"public": "true"}}]},
	}
	extra := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "x", "labels": {"public": "true"}}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}]}
	count(rule.deny) == 1 with input as {"objects": [role, extra, _crb("public", "system:public-info-viewer", _anon)]}
}
