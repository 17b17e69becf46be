# METADATA
# title: Role can read Secrets
# description: >-
#   get, list or watch on Secrets returns their decoded contents: credentials, TLS keys and
#   ServiceAccount tokens that usually grant more than the role itself. list and watch return
#   every Secret in scope at once.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
# - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: PAL-K8S-082
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove get, list and watch on secrets, or limit get to the Secrets the subject needs with
#     resourceNames; mount Secrets into the pods that need them instead of reading them from the API.
#   compliance:
#   - cis-k8s-1.10:5.1.2
#   - nsa-cisa-1.2:rbac
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.3.2
package palisade.kubernetes.rbac_read_secrets

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"secrets"}, {"get", "list", "watch"})
	not g.restricted
	res := {
		"msg": sprintf("%s can read every Secret in its scope (%s) in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
