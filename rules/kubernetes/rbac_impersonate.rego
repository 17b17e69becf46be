# METADATA
# title: Role can impersonate users, groups or ServiceAccounts
# description: >-
#   The impersonate verb lets its holder send API requests as another user, group or
#   ServiceAccount, for example as a member of system:masters, and so act with that identity's
#   permissions.
# related_resources:
# - https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb
# custom:
#   id: PAL-K8S-087
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove impersonate (and "*") from the verbs on users, groups, serviceaccounts and uids, or
#     limit it with resourceNames to identities with fewer permissions than the subject's own.
#   compliance:
#   - cis-k8s-1.10:5.1.8
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_impersonate

import data.lib.kubernetes as k8s

deny contains res if {
	some group in {"", "authentication.k8s.io"}
	some g in k8s.rbac_verb_grants(group, _resources[group], {"impersonate"})
	res := {
		"msg": sprintf("%s grants the impersonate verb (%q) on %s in rules[%d]", [k8s.kind_name, g.verb, concat(", ", g.resources), g.index]),
		"path": g.path,
	}
}

_resources := {
	"": {"users", "groups", "serviceaccounts"},
	"authentication.k8s.io": {"uids"},
}
