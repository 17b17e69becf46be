# METADATA
# title: Secret exposed as environment variables
# description: >-
#   Secrets passed as environment variables are copied into the environment of every process
#   in the container, show up in crash dumps, debug endpoints and logs that print the
#   environment, are readable through /proc by processes of the same user, and are not updated
#   when the Secret changes. Mounted Secret volumes avoid all of this.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
# - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: PAL-K8S-051
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Mount the Secret as a volume and have the application read the files, instead of using env[].valueFrom.secretKeyRef or envFrom[].secretRef.
#   compliance:
#   - cis-k8s-1.10:5.4.1
#   - nsa-cisa-1.2:secrets
package palisade.kubernetes.secret_env_vars

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	some i, e in object.get(x.container, "env", [])
	ref := e.valueFrom.secretKeyRef
	res := {
		"msg": sprintf("Container %q of %s reads Secret %q into the environment variable %q", [x.container.name, k8s.kind_name, object.get(ref, "name", ""), e.name]),
		"path": array.concat(x.path, ["env", i, "valueFrom", "secretKeyRef"]),
	}
}

deny contains res if {
	some x in k8s.containers
	some i, e in object.get(x.container, "envFrom", [])
	ref := e.secretRef
	res := {
		"msg": sprintf("Container %q of %s loads every key of Secret %q into its environment", [x.container.name, k8s.kind_name, object.get(ref, "name", "")]),
		"path": array.concat(x.path, ["envFrom", i, "secretRef"]),
	}
}
