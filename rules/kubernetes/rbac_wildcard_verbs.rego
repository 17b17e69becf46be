# METADATA
# title: Role grants every verb
# description: >-
#   A "*" in the verbs of an RBAC rule grants every action on the listed resources, including
#   delete, deletecollection and the special escalate, bind and impersonate verbs, and any verb
#   added in a later Kubernetes release.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#minimize-wildcards
# - https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
# custom:
#   id: PAL-K8S-081
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: Replace the "*" in verbs with the verbs the subject needs, e.g. get, list and watch.
#   compliance:
#   - cis-k8s-1.10:5.1.3
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_wildcard_verbs

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.rbac_builtin
	some r in k8s.rbac_rules
	some j, verb in object.get(r.rule, "verbs", [])
	verb == "*"
	res := {
		"msg": sprintf("%s grants every verb (\"*\") on %s in rules[%d]", [k8s.kind_name, _targets(r.rule), r.index]),
		"path": array.concat(r.path, ["verbs", j]),
	}
}

_targets(rule) := concat(", ", rule.resources) if count(object.get(rule, "resources", [])) > 0

_targets(rule) := concat(", ", rule.nonResourceURLs) if {
	count(object.get(rule, "resources", [])) == 0
	count(object.get(rule, "nonResourceURLs", [])) > 0
}

_targets(rule) := "nothing" if {
	count(object.get(rule, "resources", [])) == 0
	count(object.get(rule, "nonResourceURLs", [])) == 0
}
