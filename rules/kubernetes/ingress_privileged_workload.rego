# METADATA
# title: Privileged or host-network workload exposed through an Ingress
# description: >-
#   An Ingress routes outside traffic, through a Service, to a workload that runs privileged
#   containers or shares the node's network namespace. An exploitable bug in the exposed
#   application then leads straight to the node.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/ingress/
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-118
#   severity: HIGH
#   input: kubernetes_set
#   remediation: >-
#     Drop privileged and hostNetwork from the workload, or serve the traffic from a separate
#     unprivileged workload.
#   compliance:
#   - pss:baseline
#   - nsa-cisa-1.2:hardening-container-environments
#   - nist-800-190:4.4.3
#   - nist-800-190:4.3.4
package palisade.kubernetes_set.ingress_privileged_workload

import data.lib.kubernetes as k8s

deny contains res if {
	some i in k8s.set_running_workloads
	obj := input.objects[i]
	danger := k8s.host_access_of(obj)
	services := k8s.set_ingress_services(obj)
	count(services) > 0
	names := sort({k8s.kind_name_of(s) | some s in services})
	res := {
		"msg": sprintf("%s %s and receives Ingress traffic through %s", [k8s.kind_name_of(obj), danger.what, concat(", ", names)]),
		"object": i,
		"path": danger.path,
	}
}
