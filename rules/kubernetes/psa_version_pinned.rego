# METADATA
# title: Namespace pins the Pod Security enforce version
# description: >-
#   pod-security.kubernetes.io/enforce-version set to a release instead of "latest" keeps
#   enforcing the policy of that release; checks added to the Pod Security Standards later
#   are not enforced. Pinning is meant for the duration of an upgrade.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
# custom:
#   id: PAL-K8S-102
#   severity: LOW
#   input: kubernetes
#   kinds: [Namespace]
#   remediation: Set pod-security.kubernetes.io/enforce-version to latest, or remove it.
#   compliance:
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nsa-cisa-1.2:upgrading
package palisade.kubernetes.psa_version_pinned

import data.lib.kubernetes as k8s

_label := "pod-security.kubernetes.io/enforce-version"

deny contains res if {
	labels := object.get(input, ["metadata", "labels"], {})
	object.get(labels, "pod-security.kubernetes.io/enforce", "privileged") != "privileged"
	version := labels[_label]
	version != "latest"
	res := {
		"msg": sprintf("%s pins its Pod Security enforce version to %s; later additions to the standard are not enforced", [k8s.kind_name, version]),
		"path": ["metadata", "labels", _label],
	}
}
