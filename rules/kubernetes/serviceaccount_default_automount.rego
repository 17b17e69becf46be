# METADATA
# title: Default ServiceAccount mounts its token
# description: >-
#   Pods that name no ServiceAccount run as "default" and get its API token mounted unless
#   automountServiceAccountToken is false. Most applications never call the Kubernetes API, and
#   the token helps an attacker who gets into the container.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
# - https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
# custom:
#   id: PAL-K8S-103
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [ServiceAccount]
#   remediation: >-
#     Set automountServiceAccountToken: false on the default ServiceAccount and give workloads
#     that use the API their own ServiceAccount.
#   compliance:
#   - cis-k8s-1.10:5.1.5
#   - cis-k8s-1.10:5.1.6
#   - nsa-cisa-1.2:service-account-tokens
#   - nist-800-190:4.3.1
package palisade.kubernetes.serviceaccount_default_automount

import data.lib.kubernetes as k8s

deny contains res if {
	k8s.name == "default"
	not input.automountServiceAccountToken == false
	res := {
		"msg": sprintf("The default ServiceAccount of namespace %q does not set automountServiceAccountToken: false", [k8s.namespace]),
		"path": _path,
	}
}

_path := ["automountServiceAccountToken"] if k8s.has_key(input, "automountServiceAccountToken")

_path := ["metadata", "name"] if not k8s.has_key(input, "automountServiceAccountToken")
