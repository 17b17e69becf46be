# METADATA
# title: Role granted to unauthenticated requests
# description: >-
#   A binding names system:anonymous (User) or system:unauthenticated (Group) as a subject: every
#   request that reaches the API server without credentials gets the role. The only such grants
#   Kubernetes makes itself are the discovery roles system:public-info-viewer (bound to
#   unauthenticated requests since 1.14) and system:discovery and system:basic-user (bound to them
#   before 1.14 and kept on upgraded clusters); a binding of one of these ClusterRoles is accepted
#   while its effective rules stay within what the defaults allow (GET on the health, version,
#   discovery and OpenAPI endpoints, and self-reviews), whatever the binding is called. Every
#   other binding is reported, including one dressed up with a system: name or the rbac-defaults
#   label.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
# custom:
#   id: PAL-K8S-124
#   severity: CRITICAL
#   input: kubernetes_set
#   remediation: >-
#     Remove system:anonymous and system:unauthenticated from the binding's subjects and bind the
#     role to the identities that need it; disable anonymous authentication on the API server
#     (--anonymous-auth=false, or an AuthenticationConfiguration that allows it only on health
#     endpoints) where possible.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.2
package palisade.kubernetes_set.rbac_anonymous_role

import data.lib.kubernetes as k8s

deny contains res if {
	some i in k8s.set_binding_indexes
	b := input.objects[i]
	some j, s in object.get(b, "subjects", [])
	_unauthenticated(s)
	not _discovery_binding(b)
	res := {
		"msg": sprintf("%s grants %s %q %s to %s, that is to every request without credentials", [k8s.kind_name_of(b), object.get(b, ["roleRef", "kind"], "role"), object.get(b, ["roleRef", "name"], ""), k8s.rbac_binding_scope(b), k8s.rbac_subject_name(s, b)]),
		"object": i,
		"path": ["subjects", j],
	}
}

_unauthenticated(s) if {
	s.kind == "User"
	s.name == "system:anonymous"
}

_unauthenticated(s) if {
	s.kind == "Group"
	s.name == "system:unauthenticated"
}

_discovery_roles := {"system:public-info-viewer", "system:discovery", "system:basic-user"}

# A binding of a discovery ClusterRole whose effective rules (empty when the scan does not hold
# the role) are all within the defaults.
_discovery_binding(b) if {
	b.roleRef.kind == "ClusterRole"
	b.roleRef.name in _discovery_roles
	every rule in k8s.set_binding_rules(b) {
		_default_discovery_rule(rule)
	}
}

# The URLs system:public-info-viewer and system:discovery allow GET on.
_public_urls := {
	"/healthz", "/livez", "/readyz", "/version", "/version/",
	"/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*",
}

_default_discovery_rule(rule) if {
	count(object.get(rule, "resources", [])) == 0
	count({u | some u in object.get(rule, "nonResourceURLs", []); not u in _public_urls}) == 0
	count({v | some v in object.get(rule, "verbs", []); v != "get"}) == 0
}

# system:basic-user: create on the self-review resources.
_default_discovery_rule(rule) if {
	count(object.get(rule, "nonResourceURLs", [])) == 0
	count({g | some g in object.get(rule, "apiGroups", []); not g in {"authorization.k8s.io", "authentication.k8s.io"}}) == 0
	count({r | some r in object.get(rule, "resources", []); not r in {"selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews"}}) == 0
	count({v | some v in object.get(rule, "verbs", []); v != "create"}) == 0
}
