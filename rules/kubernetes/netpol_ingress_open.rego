# METADATA
# title: NetworkPolicy allows ingress from any source
# description: >-
#   An ingress rule without a from list, or with an ipBlock of 0.0.0.0/0 or ::/0, admits
#   traffic from every pod of every namespace and from any address outside the cluster that can
#   reach the pods. It cancels the isolation the policy's podSelector sets up, usually by
#   accident.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic
# custom:
#   id: PAL-K8S-069
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [NetworkPolicy]
#   remediation: List the allowed sources under from (podSelector, namespaceSelector or specific ipBlock ranges) instead of leaving it empty or open to 0.0.0.0/0.
#   compliance:
#   - nsa-cisa-1.2:network-policies
#   - nist-800-190:4.3.3
package palisade.kubernetes.netpol_ingress_open

import data.lib.kubernetes as k8s

_applies if not input.spec.policyTypes

_applies if "Ingress" in input.spec.policyTypes

deny contains res if {
	_applies
	some i, r in object.get(input, ["spec", "ingress"], [])
	count(object.get(r, "from", [])) == 0
	res := {
		"msg": sprintf("%s has an ingress rule without sources, allowing traffic from anywhere", [k8s.kind_name]),
		"path": ["spec", "ingress", i],
	}
}

deny contains res if {
	_applies
	some i, r in object.get(input, ["spec", "ingress"], [])
	some j, peer in object.get(r, "from", [])
	k8s.open_cidr(peer.ipBlock.cidr)
	res := {
		"msg": sprintf("%s allows ingress from %s, any address", [k8s.kind_name, peer.ipBlock.cidr]),
		"path": ["spec", "ingress", i, "from", j, "ipBlock", "cidr"],
	}
}
