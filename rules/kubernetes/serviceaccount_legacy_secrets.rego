# METADATA
# title: ServiceAccount lists token Secrets
# description: >-
#   The secrets list of a ServiceAccount dates from long-lived token Secrets, which never expire
#   and are readable by anyone who can read Secrets in the namespace. Since Kubernetes 1.24 pods
#   get short-lived projected tokens instead, and the list is only needed for the legacy
#   mountable-secrets restriction.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token
# - https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#legacy-serviceaccount-token-cleaner
# custom:
#   id: PAL-K8S-104
#   severity: LOW
#   input: kubernetes
#   kinds: [ServiceAccount]
#   remediation: >-
#     Remove the secrets list and delete unused token Secrets; use the TokenRequest API
#     (kubectl create token, projected volumes) for tokens.
#   compliance:
#   - nsa-cisa-1.2:service-account-tokens
#   - nsa-cisa-1.2:secrets
package palisade.kubernetes.serviceaccount_legacy_secrets

import data.lib.kubernetes as k8s

deny contains res if {
	secrets := object.get(input, "secrets", [])
	count(secrets) > 0
	names := [object.get(s, "name", "") | some s in secrets]
	res := {
		"msg": sprintf("ServiceAccount %q lists Secrets %s, the legacy way of attaching long-lived tokens", [k8s.name, concat(", ", names)]),
		"path": ["secrets"],
	}
}
