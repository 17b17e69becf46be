# METADATA
# title: Role can modify Namespaces
# description: >-
#   Pod Security admission reads its level from the labels of the Namespace. Whoever can update
#   or patch a Namespace can relabel it "privileged" and then run privileged pods in it.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#namespace-modification
# - https://kubernetes.io/docs/concepts/security/pod-security-admission/
# custom:
#   id: PAL-K8S-107
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: Remove update and patch on namespaces except for cluster administrators.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_modify_namespaces

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"namespaces"}, {"update", "patch"})
	res := {
		"msg": sprintf("%s can change the labels of Namespaces, and with them their Pod Security level (%s), in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
