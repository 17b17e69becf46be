# METADATA
# title: Container uses a host port
# description: >-
#   A hostPort binds the container port on the node's network interfaces. It exposes the
#   container outside any Service and NetworkPolicy, limits scheduling to one such pod per node
#   and lets the pod take a port other node services expect. The baseline Pod Security Standard
#   disallows host ports.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://kubernetes.io/docs/concepts/configuration/overview/#services
# custom:
#   id: PAL-K8S-008
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove hostPort from the container port and expose the pod through a Service.
#   compliance:
#   - cis-k8s-1.10:5.2.13
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.2
package palisade.kubernetes.host_port

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	some j, p in k8s.podsec_list(object.get(x.container, "ports", []))
	hp := object.get(k8s.podsec_obj(p), "hostPort", 0)
	hp != 0
	hp != null
	res := {
		"msg": sprintf("Container %q of %s binds host port %v", [x.container.name, k8s.kind_name, hp]),
		"path": array.concat(x.path, ["ports", j, "hostPort"]),
	}
}
