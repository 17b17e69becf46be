# METADATA
# title: Role grants access to every resource
# description: >-
#   A "*" in the resources of an RBAC rule covers every resource of the listed API groups,
#   including Secrets, pods/exec and resources added later by upgrades or CustomResourceDefinitions,
#   so the role grants far more than its author can see.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#minimize-wildcards
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/
# custom:
#   id: PAL-K8S-080
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: Replace the "*" in resources with the explicit list of resources the subject needs.
#   compliance:
#   - cis-k8s-1.10:5.1.3
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_wildcard_resources

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.rbac_builtin
	some r in k8s.rbac_rules
	some j, resource in object.get(r.rule, "resources", [])
	resource == "*"
	verbs := _verbs(object.get(r.rule, "verbs", []))
	res := {
		"msg": sprintf("%s grants %s on every resource (\"*\") in rules[%d]", [k8s.kind_name, verbs, r.index]),
		"path": array.concat(r.path, ["resources", j]),
	}
}

_verbs(verbs) := "every verb" if "*" in verbs

_verbs(verbs) := concat(", ", verbs) if not "*" in verbs
