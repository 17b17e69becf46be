# METADATA
# title: Service of type NodePort
# description: >-
#   A NodePort Service opens its port on every node of the cluster, on all of the node's
#   addresses. Anything that can reach a node reaches the workload, bypassing the ingress
#   controller or load balancer where TLS, authentication and source restrictions are
#   normally applied.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
# custom:
#   id: PAL-K8S-054
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Service]
#   remediation: Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer restricted with loadBalancerSourceRanges, instead of NodePort.
#   compliance:
#   - nsa-cisa-1.2:network-policies
package palisade.kubernetes.service_nodeport

import data.lib.kubernetes as k8s

deny contains res if {
	input.spec.type == "NodePort"
	res := {
		"msg": sprintf("%s is of type NodePort and opens its ports on every node", [k8s.kind_name]),
		"path": ["spec", "type"],
	}
}
