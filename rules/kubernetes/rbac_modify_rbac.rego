# METADATA
# title: Role can modify RBAC
# description: >-
#   Write access to roles and role bindings lets its holder hand its own permissions to any
#   identity and, combined with any grant it holds through another binding, widen its own access.
#   Only cluster administrators and deployment tooling should manage RBAC.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
# custom:
#   id: PAL-K8S-096
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: Remove create, update and patch on roles, rolebindings, clusterroles and clusterrolebindings.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_modify_rbac

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants(k8s.rbac_group, {"roles", "rolebindings", "clusterroles", "clusterrolebindings"}, {"create", "update", "patch"})
	res := {
		"msg": sprintf("%s can modify %s (%s) in rules[%d]", [k8s.kind_name, g.resource, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
