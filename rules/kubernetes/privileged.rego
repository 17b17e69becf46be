# METADATA
# title: Privileged container
# description: >-
#   A privileged container runs with every Linux capability and access to all host devices,
#   so a compromise of the container is a compromise of the node.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-001
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove securityContext.privileged or set it to false.
#   compliance:
#   - cis-k8s-1.10:5.2.2
#   - pss:baseline
#   - nsa-cisa-1.2:hardening-container-environments
#   - nist-800-190:4.4.3
package palisade.kubernetes.privileged

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	x.container.securityContext.privileged == true
	res := {
		"msg": sprintf("Container %q of %s is privileged", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "privileged"]),
	}
}
