# METADATA
# title: Namespace without a default-deny ingress NetworkPolicy
# description: >-
#   The namespace has NetworkPolicies but none that isolates every pod for ingress (an empty
#   podSelector with policyType Ingress and no rule open to all sources). Pods added later, or
#   whose labels no policy matches, accept traffic from anywhere.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic
# custom:
#   id: PAL-K8S-112
#   severity: LOW
#   input: kubernetes_set
#   remediation: >-
#     Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] (and Egress) and no
#     ingress rules, and allow the needed traffic with more specific policies.
#   compliance:
#   - cis-k8s-1.10:5.3.2
#   - nsa-cisa-1.2:network-policies
#   - nist-800-190:4.3.3
package palisade.kubernetes_set.netpol_default_deny_missing

import data.lib.kubernetes as k8s

_k8s_policies[ns] contains i if {
	some i in k8s.set_network_policies
	o := input.objects[i]
	k8s.is_k8s_network_policy(o)
	ns := k8s.namespace_of(o)
}

_other_policy_namespaces := {k8s.namespace_of(o) |
	some i in k8s.set_network_policies
	o := input.objects[i]
	not k8s.is_k8s_network_policy(o)
}

deny contains res if {
	not k8s.set_has_clusterwide_network_policy
	some ns, indexes in _k8s_policies
	not ns in _other_policy_namespaces
	not _default_deny(indexes)
	anchor := _anchor(ns, indexes)
	res := {
		"msg": sprintf("Namespace %q has NetworkPolicies but none that denies ingress to all of its pods by default", [ns]),
		"object": anchor.object,
		"path": ["metadata", "name"],
	}
}

_default_deny(indexes) if {
	some i in indexes
	spec := object.get(input.objects[i], "spec", {})
	_selects_all(object.get(spec, "podSelector", {}))
	"Ingress" in _policy_types(spec)
	every rule in object.get(spec, "ingress", []) {
		count(object.get(rule, "from", [])) > 0
	}
}

_selects_all(sel) if {
	count(object.get(sel, "matchLabels", {})) == 0
	count(object.get(sel, "matchExpressions", [])) == 0
}

_policy_types(spec) := spec.policyTypes

_policy_types(spec) := ["Ingress"] if not k8s.has_key(spec, "policyTypes")

_anchor(ns, _) := {"object": i} if {
	i := min({j | some j in k8s.set_indexes("Namespace", "default"); k8s.name_of(input.objects[j]) == ns})
}

_anchor(ns, indexes) := {"object": min(indexes)} if {
	not _has_namespace(ns)
}

_has_namespace(ns) if {
	some j in k8s.set_indexes("Namespace", "default")
	k8s.name_of(input.objects[j]) == ns
}
