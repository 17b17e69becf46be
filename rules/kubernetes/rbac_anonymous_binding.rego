# METADATA
# title: Binding grants permissions to anonymous requests
# description: >-
#   Subjects system:anonymous and system:unauthenticated match every request that carries no
#   credentials. Anything bound to them is available to anyone who can reach the API server.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
# custom:
#   id: PAL-K8S-090
#   severity: CRITICAL
#   input: kubernetes
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: >-
#     Remove system:anonymous and system:unauthenticated from the subjects; bind the role to the
#     authenticated users or ServiceAccounts that need it.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.2
package palisade.kubernetes.rbac_anonymous_binding

import data.lib.kubernetes as k8s

# Kubernetes binds its discovery roles to these groups itself; they expose version and health
# information only.
_discovery_roles := {"system:public-info-viewer", "system:discovery", "system:basic-user"}

deny contains res if {
	not k8s.rbac_builtin
	not object.get(input, ["roleRef", "name"], "") in _discovery_roles
	some i, s in object.get(input, "subjects", [])
	_anonymous(s)
	res := {
		"msg": sprintf("%s grants %s %q to %s %q, which matches unauthenticated requests", [k8s.kind_name, object.get(input, ["roleRef", "kind"], "role"), object.get(input, ["roleRef", "name"], ""), s.kind, s.name]),
		"path": ["subjects", i, "name"],
	}
}

_anonymous(s) if {
	s.kind == "User"
	s.name == "system:anonymous"
}

_anonymous(s) if {
	s.kind == "Group"
	s.name == "system:unauthenticated"
}
