# METADATA
# title: Role can escalate roles
# description: >-
#   The escalate verb on roles or clusterroles lifts RBAC's privilege escalation check: its holder
#   can edit a role it is bound to so that it grants anything, up to cluster-admin.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
# custom:
#   id: PAL-K8S-085
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: Remove escalate (and "*") from the verbs on roles and clusterroles.
#   compliance:
#   - cis-k8s-1.10:5.1.8
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_escalate

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_verb_grants(k8s.rbac_group, {"roles", "clusterroles"}, {"escalate"})
	res := {
		"msg": sprintf("%s grants the escalate verb (%q) on %s in rules[%d]", [k8s.kind_name, g.verb, concat(", ", g.resources), g.index]),
		"path": g.path,
	}
}
