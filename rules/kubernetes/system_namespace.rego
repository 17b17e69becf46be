# METADATA
# title: Workload in a system namespace
# description: >-
#   The workload is placed in kube-system, kube-public or kube-node-lease. These namespaces
#   belong to the cluster's own components: kube-system holds highly privileged ServiceAccounts
#   and secrets and is usually exempt from Pod Security admission, so an application there is
#   both less protected and closer to cluster credentials, and kube-public is readable by
#   everyone. Cluster add-ons that must run there can be suppressed individually.
# related_resources:
# - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
# custom:
#   id: PAL-K8S-039
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Move the workload to a namespace of its own, with its own RBAC and Pod Security level.
#   compliance:
#   - cis-k8s-1.10:5.7.1
#   - nsa-cisa-1.2:namespaces
#   - nist-800-190:4.3.4
package palisade.kubernetes.system_namespace

import data.lib.kubernetes as k8s

_system := {"kube-system", "kube-public", "kube-node-lease"}

deny contains res if {
	ns := object.get(input, ["metadata", "namespace"], "")
	ns in _system
	res := {
		"msg": sprintf("%s runs in the system namespace %q", [k8s.kind_name, ns]),
		"path": ["metadata", "namespace"],
	}
}
