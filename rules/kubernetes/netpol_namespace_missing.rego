# METADATA
# title: Namespace without NetworkPolicy
# description: >-
#   Pods accept traffic from every pod of the cluster, and can reach every pod, until a
#   NetworkPolicy selects them. A namespace with no policy at all has no network isolation, so a
#   compromised pod anywhere in the cluster can reach its services.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
# custom:
#   id: PAL-K8S-110
#   severity: MEDIUM
#   input: kubernetes_set
#   remediation: >-
#     Add NetworkPolicies to the namespace, starting with a default-deny policy (podSelector: {},
#     policyTypes: [Ingress, Egress]) and policies that allow the traffic each workload needs.
#   compliance:
#   - cis-k8s-1.10:5.3.2
#   - nsa-cisa-1.2:network-policies
#   - nist-800-190:4.3.3
package palisade.kubernetes_set.netpol_namespace_missing

import data.lib.kubernetes as k8s

_policy_namespaces := {k8s.namespace_of(input.objects[i]) | some i in k8s.set_network_policies}

_namespace_objects := {k8s.name_of(input.objects[i]) | some i in k8s.set_indexes("Namespace", "default")}

_workload_namespaces := {k8s.namespace_of(input.objects[i]) | some i in k8s.set_running_workloads}

deny contains res if {
	not k8s.set_has_clusterwide_network_policy
	some ns in (_namespace_objects | _workload_namespaces)
	not ns in k8s.system_namespaces
	not ns in _policy_namespaces
	anchor := _anchor(ns)
	res := {
		"msg": sprintf("Namespace %q has no NetworkPolicy; its pods accept traffic from anywhere in the cluster", [ns]),
		"object": anchor.object,
		"path": anchor.path,
	}
}

# A finding is about the Namespace object when the scan holds it, else about the first workload
# in the namespace.
_anchor(ns) := {"object": i, "path": ["metadata", "name"]} if {
	ns in _namespace_objects
	i := min({j | some j in k8s.set_indexes("Namespace", "default"); k8s.name_of(input.objects[j]) == ns})
}

_anchor(ns) := {"object": min(_workload_indexes[ns]), "path": ["metadata", "namespace"]} if {
	not ns in _namespace_objects
}

_workload_index[ns] contains i if {
	some i in k8s.set_running_workloads
	ns := k8s.namespace_of(input.objects[i])
}

_workload_indexes := _workload_index
