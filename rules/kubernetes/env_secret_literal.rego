# METADATA
# title: Credential written in an environment variable
# description: >-
#   An environment variable whose name says it holds a password, token, API key or private key
#   has its value written out in the manifest. Anyone who can read the manifest, its Git
#   history or the object in the cluster can read the credential, and rotating it means
#   editing and redeploying the workload.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/secret/
# - https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/
# custom:
#   id: PAL-K8S-050
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: Move the value into a Secret (or an external secret store) and mount it as a file, or reference it with valueFrom.secretKeyRef; then rotate the exposed credential.
#   compliance:
#   - cis-k8s-1.10:5.4.1
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.1.4
package palisade.kubernetes.env_secret_literal

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	some i, e in object.get(x.container, "env", [])
	is_string(e.value)
	k8s.secret_like_name(e.name)
	k8s.literal_secret_value(e.value)
	res := {
		"msg": sprintf("Container %q of %s sets the credential %q as a literal environment value", [x.container.name, k8s.kind_name, e.name]),
		"path": array.concat(x.path, ["env", i, "value"]),
	}
}
