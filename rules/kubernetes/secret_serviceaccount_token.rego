# METADATA
# title: Long-lived ServiceAccount token Secret
# description: >-
#   A Secret of type kubernetes.io/service-account-token holds a ServiceAccount token that never
#   expires and stays valid until the Secret is deleted. Anyone who can read Secrets in the
#   namespace, or who finds a copy, can use it indefinitely.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
# - https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token
# custom:
#   id: PAL-K8S-105
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Secret]
#   remediation: >-
#     Delete the Secret and obtain short-lived tokens with the TokenRequest API (kubectl create
#     token, projected serviceAccountToken volumes).
#   compliance:
#   - nsa-cisa-1.2:service-account-tokens
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.3.2
package palisade.kubernetes.secret_serviceaccount_token

import data.lib.kubernetes as k8s

deny contains res if {
	input.type == "kubernetes.io/service-account-token"
	sa := object.get(input, ["metadata", "annotations", "kubernetes.io/service-account.name"], "")
	res := {
		"msg": sprintf("%s holds a long-lived token of ServiceAccount %q", [k8s.kind_name, sa]),
		"path": ["type"],
	}
}
