# METADATA
# title: NetworkPolicy allows egress to any destination
# description: >-
#   An egress rule without a to list, or with an ipBlock of 0.0.0.0/0 or ::/0, lets the selected
#   pods connect to any address, including the internet, so a compromised pod can download
#   tools and send data out freely. Rules without destinations that only open DNS (port 53) are
#   not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/
# custom:
#   id: PAL-K8S-070
#   severity: LOW
#   input: kubernetes
#   kinds: [NetworkPolicy]
#   remediation: List the destinations the pods need under to (podSelector, namespaceSelector or specific ipBlock ranges), and route internet access through an egress proxy where it is required.
#   compliance:
#   - nsa-cisa-1.2:network-policies
#   - nist-800-190:4.4.2
package palisade.kubernetes.netpol_egress_open

import data.lib.kubernetes as k8s

deny contains res if {
	_applies
	some i, r in object.get(input, ["spec", "egress"], [])
	count(object.get(r, "to", [])) == 0
	not _dns_only(r)
	res := {
		"msg": sprintf("%s has an egress rule without destinations, allowing traffic to anywhere", [k8s.kind_name]),
		"path": ["spec", "egress", i],
	}
}

deny contains res if {
	_applies
	some i, r in object.get(input, ["spec", "egress"], [])
	some j, peer in object.get(r, "to", [])
	k8s.open_cidr(peer.ipBlock.cidr)
	res := {
		"msg": sprintf("%s allows egress to %s, any address", [k8s.kind_name, peer.ipBlock.cidr]),
		"path": ["spec", "egress", i, "to", j, "ipBlock", "cidr"],
	}
}

# Without policyTypes a policy that has egress rules is an egress policy.
_applies if not input.spec.policyTypes

_applies if "Egress" in input.spec.policyTypes

_dns_only(r) if {
	ports := object.get(r, "ports", [])
	count(ports) > 0
	every p in ports {
		object.get(p, "port", "") in {53, "53", "dns", "dns-tcp"}
	}
}
