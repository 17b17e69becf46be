# METADATA
# title: RoleBinding refers to a Role that is not defined
# description: >-
#   The manifests define Roles for the namespace but not the one this RoleBinding grants. The
#   binding is dormant: whoever later creates a Role of that name, perhaps for another purpose,
#   silently hands its permissions to the binding's subjects.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
# custom:
#   id: PAL-K8S-116
#   severity: LOW
#   input: kubernetes_set
#   remediation: Add the Role to the manifests, correct roleRef.name, or delete the RoleBinding.
#   compliance:
#   - nsa-cisa-1.2:rbac
package palisade.kubernetes_set.rbac_binding_missing_role

import data.lib.kubernetes as k8s

deny contains res if {
	some i, b in input.objects
	b.kind == "RoleBinding"
	b.roleRef.kind == "Role"
	ns := k8s.namespace_of(b)
	roles := {k8s.name_of(r) | some r in k8s.set_objects("Role", ns)}
	count(roles) > 0
	not b.roleRef.name in roles
	res := {
		"msg": sprintf("%s refers to Role %q, which is not among the Roles defined for namespace %q", [k8s.kind_name_of(b), b.roleRef.name, ns]),
		"object": i,
		"path": ["roleRef", "name"],
	}
}
