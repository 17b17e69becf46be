# METADATA
# title: LoadBalancer Service open to any source
# description: >-
#   A LoadBalancer Service without loadBalancerSourceRanges (or with 0.0.0.0/0 among them) gets
#   a load balancer that accepts connections from the whole internet on most cloud providers.
#   Load balancers that a provider annotation keeps internal are not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
# - https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/
# custom:
#   id: PAL-K8S-055
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Service]
#   remediation: Set spec.loadBalancerSourceRanges to the client networks that need access, or make the load balancer internal with your cloud provider's annotation.
#   compliance:
#   - nsa-cisa-1.2:network-policies
package palisade.kubernetes.service_lb_open

import data.lib.kubernetes as k8s

_legacy_ranges := "service.beta.kubernetes.io/load-balancer-source-ranges"

deny contains res if {
	input.spec.type == "LoadBalancer"
	not k8s.service_internal_lb
	count(object.get(input, ["spec", "loadBalancerSourceRanges"], [])) == 0
	not input.metadata.annotations[_legacy_ranges]
	res := {
		"msg": sprintf("%s is a LoadBalancer without loadBalancerSourceRanges, reachable from any address", [k8s.kind_name]),
		"path": ["spec", "type"],
	}
}

deny contains res if {
	input.spec.type == "LoadBalancer"
	not k8s.service_internal_lb
	some i, r in object.get(input, ["spec", "loadBalancerSourceRanges"], [])
	k8s.open_cidr(trim_space(r))
	res := {
		"msg": sprintf("%s allows %s in loadBalancerSourceRanges, reachable from any address", [k8s.kind_name, r]),
		"path": ["spec", "loadBalancerSourceRanges", i],
	}
}
