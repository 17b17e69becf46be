# METADATA
# title: Namespace without a Pod Security enforce level
# description: >-
#   Without the pod-security.kubernetes.io/enforce label, Pod Security admission applies the
#   cluster default, which is "privileged" unless the API server was configured otherwise, so the
#   namespace accepts privileged and host-namespace pods.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-admission/
# - https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
# custom:
#   id: PAL-K8S-100
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Namespace]
#   remediation: >-
#     Add the label pod-security.kubernetes.io/enforce: restricted (or baseline) to the Namespace.
#   compliance:
#   - cis-k8s-1.10:5.2.1
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.3.4
package palisade.kubernetes.psa_enforce_missing

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.name in k8s.system_namespaces
	labels := object.get(input, ["metadata", "labels"], {})
	not k8s.has_key(labels, "pod-security.kubernetes.io/enforce")
	res := {
		"msg": sprintf("%s has no pod-security.kubernetes.io/enforce label, so Pod Security admission does not restrict its pods", [k8s.kind_name]),
		"path": _path(labels),
	}
}

_path(labels) := ["metadata", "labels"] if count(labels) > 0

_path(labels) := ["metadata"] if count(labels) == 0
