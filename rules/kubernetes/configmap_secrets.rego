# METADATA
# title: Credential stored in a ConfigMap
# description: >-
#   A ConfigMap key named like a password, token or key holds a written-out value, an embedded
#   configuration file sets such a key to a literal, or a value carries a PEM private key.
#   ConfigMaps are meant for non-confidential data: RBAC commonly grants read access to them
#   widely, they are printed by kubectl describe, and they are never encrypted at rest.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/configmap/
# - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: PAL-K8S-052
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [ConfigMap]
#   remediation: Move the credential into a Secret (or an external secret store) and mount it next to the configuration; then rotate the exposed credential.
#   compliance:
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.1.4
package palisade.kubernetes.configmap_secrets

import data.lib.kubernetes as k8s

deny contains res if {
	some k, v in object.get(input, "data", {})
	_holds_secret(k, v)
	res := {
		"msg": sprintf("ConfigMap %q key %q holds what looks like a credential", [k8s.name, k]),
		"path": ["data", k],
	}
}

_holds_secret(k, v) if {
	k8s.secret_like_name(k)
	not contains(v, "\n")
	k8s.literal_secret_value(v)
}

_holds_secret(_, v) if k8s.private_key_pem(v)

_holds_secret(_, v) if count(k8s.config_line_secrets(v)) > 0
