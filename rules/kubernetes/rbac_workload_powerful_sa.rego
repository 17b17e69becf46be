# METADATA
# title: Workload runs as a ServiceAccount with dangerous permissions
# description: >-
#   The workload mounts the token of a ServiceAccount that a binding in the scan gives
#   cluster-admin, wildcard access, or the right to read Secrets, create or exec into Pods,
#   impersonate or escalate. Whoever compromises the application gets those permissions too.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
# - https://kubernetes.io/docs/concepts/security/service-accounts/
# custom:
#   id: PAL-K8S-113
#   severity: HIGH
#   input: kubernetes_set
#   remediation: >-
#     Give the workload a ServiceAccount bound to a role with only the permissions it uses, or set
#     automountServiceAccountToken: false if it does not call the Kubernetes API.
#   compliance:
#   - cis-k8s-1.10:5.1.1
#   - cis-k8s-1.10:5.1.6
#   - nsa-cisa-1.2:rbac
#   - nsa-cisa-1.2:service-account-tokens
#   - nist-800-190:4.3.1
package palisade.kubernetes_set.rbac_workload_powerful_sa

import data.lib.kubernetes as k8s

deny contains res if {
	some i in k8s.set_running_workloads
	obj := input.objects[i]
	k8s.set_token_mounted(obj)
	sa := k8s.service_account_of(obj)
	grants := k8s.set_service_account_dangers(k8s.namespace_of(obj), sa)
	count(grants) > 0
	whats := sort({g.what | some g in grants})
	bindings := sort({g.binding | some g in grants})
	res := {
		"msg": sprintf("%s runs as ServiceAccount %q, which can %s through %s", [k8s.kind_name_of(obj), sa, concat(", ", whats), concat(", ", bindings)]),
		"object": i,
		"path": k8s.service_account_path_of(obj),
	}
}
