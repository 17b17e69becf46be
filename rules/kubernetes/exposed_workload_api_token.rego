# METADATA
# title: Exposed workload carries a Kubernetes API token with permissions
# description: >-
#   The workload is reachable from outside the cluster (a NodePort or LoadBalancer Service, or an
#   Ingress) and mounts the token of a ServiceAccount that bindings in the scan give permissions.
#   An attacker who compromises the application can use them against the API server.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/service-accounts/
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
# custom:
#   id: PAL-K8S-119
#   severity: LOW
#   input: kubernetes_set
#   remediation: >-
#     Set automountServiceAccountToken: false if the application does not call the Kubernetes
#     API; otherwise keep its role as narrow as possible and split API access into a separate,
#     unexposed workload.
#   compliance:
#   - cis-k8s-1.10:5.1.6
#   - nsa-cisa-1.2:service-account-tokens
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes_set.exposed_workload_api_token

import data.lib.kubernetes as k8s

deny contains res if {
	some i in k8s.set_running_workloads
	obj := input.objects[i]
	exposure := k8s.set_exposing_services(obj) | k8s.set_ingress_services(obj)
	count(exposure) > 0
	k8s.set_token_mounted(obj)
	sa := k8s.service_account_of(obj)
	bindings := sort({k8s.kind_name_of(b) | some b in k8s.set_service_account_bindings(k8s.namespace_of(obj), sa)})
	count(bindings) > 0
	res := {
		"msg": sprintf("%s is exposed by %s and mounts the token of ServiceAccount %q, which has permissions from %s", [k8s.kind_name_of(obj), concat(", ", sort({k8s.kind_name_of(s) | some s in exposure})), sa, concat(", ", bindings)]),
		"object": i,
		"path": k8s.service_account_path_of(obj),
	}
}
