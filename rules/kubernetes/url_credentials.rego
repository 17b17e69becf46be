# METADATA
# title: Password embedded in a URL
# description: >-
#   A connection string such as postgres://user:password@host/db carries its password in
#   clear text in an environment variable, a command argument or a ConfigMap. The manifest,
#   its Git history and anyone who can read the object can read the credential.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/secret/
# - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: PAL-K8S-068
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload, ConfigMap]
#   remediation: Keep the password in a Secret and build the URL at runtime (for example from a mounted file or $(VAR) expansion of a secretKeyRef variable); then rotate the exposed password.
#   compliance:
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.1.4
package palisade.kubernetes.url_credentials

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	some i, e in object.get(x.container, "env", [])

	# A URL with a password has an "@"; most values have none (cheaper than the call).
	is_string(e.value)
	contains(e.value, "@")
	k8s.url_with_password(e.value)
	res := {
		"msg": sprintf("Container %q of %s has a password inside the URL in environment variable %q", [x.container.name, k8s.kind_name, e.name]),
		"path": array.concat(x.path, ["env", i, "value"]),
	}
}

deny contains res if {
	some x in k8s.containers
	some field in ["command", "args"]
	some i, s in object.get(x.container, field, [])
	is_string(s)
	contains(s, "@")
	k8s.url_with_password(s)
	res := {
		"msg": sprintf("Container %q of %s has a password inside a URL in its %s", [x.container.name, k8s.kind_name, field]),
		"path": array.concat(x.path, [field, i]),
	}
}

deny contains res if {
	input.kind == "ConfigMap"
	some k, v in object.get(input, "data", {})
	k8s.url_with_password(v)
	res := {
		"msg": sprintf("ConfigMap %q key %q has a password inside a URL", [k8s.name, k]),
		"path": ["data", k],
	}
}
