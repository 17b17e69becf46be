# METADATA
# title: Workload not selected by any NetworkPolicy
# description: >-
#   The namespace has NetworkPolicies, but none of their podSelectors matches this workload's pod
#   labels, so its pods stay unisolated: they accept traffic from, and may connect to, any pod in
#   the cluster.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation
# - https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
# custom:
#   id: PAL-K8S-111
#   severity: MEDIUM
#   input: kubernetes_set
#   remediation: >-
#     Add a NetworkPolicy whose podSelector matches the workload's pod labels, or a default-deny
#     policy with an empty podSelector that covers every pod of the namespace.
#   compliance:
#   - cis-k8s-1.10:5.3.2
#   - nsa-cisa-1.2:network-policies
#   - nist-800-190:4.3.3
package palisade.kubernetes_set.netpol_workload_unselected

import data.lib.kubernetes as k8s

_k8s_policies[ns] contains o if {
	some i in k8s.set_network_policies
	o := input.objects[i]
	k8s.is_k8s_network_policy(o)
	ns := k8s.namespace_of(o)
}

# _policies_by_namespace is evaluated once; looking up _k8s_policies[ns] directly would
# re-evaluate its body for every workload.
_policies_by_namespace := _k8s_policies

# Namespaces with Calico or Cilium policies, whose selectors work differently, are left alone.
_other_policy_namespaces := {k8s.namespace_of(o) |
	some i in k8s.set_network_policies
	o := input.objects[i]
	not k8s.is_k8s_network_policy(o)
}

deny contains res if {
	not k8s.set_has_clusterwide_network_policy
	some i in k8s.set_running_workloads
	obj := input.objects[i]
	ns := k8s.namespace_of(obj)
	policies := _policies_by_namespace[ns]
	not ns in _other_policy_namespaces
	labels := k8s.pod_labels_of(obj)
	not _selected(policies, labels)
	res := {
		"msg": sprintf("%s is not selected by any of the %d NetworkPolicies of namespace %q, so its pods are not isolated", [k8s.kind_name_of(obj), count(policies), ns]),
		"object": i,
		"path": array.concat(k8s.pod_path_of(obj), ["metadata", "labels"]),
	}
}

_selected(policies, labels) if {
	some p in policies
	k8s.selector_matches(object.get(p, ["spec", "podSelector"], {}), labels)
}
