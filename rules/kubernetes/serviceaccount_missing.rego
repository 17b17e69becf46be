# METADATA
# title: Workload refers to a ServiceAccount that is not defined
# description: >-
#   The manifests define ServiceAccounts for the namespace but not the one the workload names.
#   Its pods are rejected until the ServiceAccount exists, and whoever creates an account of that
#   name, with whatever bindings, decides what the workload may do.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
# custom:
#   id: PAL-K8S-115
#   severity: LOW
#   input: kubernetes_set
#   remediation: Add the ServiceAccount to the manifests or correct serviceAccountName.
#   compliance:
#   - nsa-cisa-1.2:service-account-tokens
package palisade.kubernetes_set.serviceaccount_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some i in k8s.set_running_workloads
	obj := input.objects[i]
	sa := k8s.service_account_of(obj)
	sa != "default"
	ns := k8s.namespace_of(obj)
	accounts := k8s.set_service_account_names[ns]
	not sa in accounts
	res := {
		"msg": sprintf("%s runs as ServiceAccount %q, which is not among the ServiceAccounts defined for namespace %q", [k8s.kind_name_of(obj), sa, ns]),
		"object": i,
		"path": k8s.service_account_path_of(obj),
	}
}
