# METADATA
# title: Object in the default namespace
# description: >-
#   The object is placed in the default namespace, explicitly or by naming no namespace (kubectl
#   then uses the current context's namespace, which is usually default). The default namespace
#   is shared by everything nobody placed elsewhere: RBAC, NetworkPolicies, quotas and Pod
#   Security levels cannot be scoped to the application, and mistakes in one workload reach the
#   others.
# related_resources:
# - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
# custom:
#   id: PAL-K8S-034
#   severity: LOW
#   input: kubernetes
#   kinds:
#   - workload
#   - Service
#   - ConfigMap
#   - Secret
#   - ServiceAccount
#   - Role
#   - RoleBinding
#   - Ingress
#   - NetworkPolicy
#   - PersistentVolumeClaim
#   - HorizontalPodAutoscaler
#   - PodDisruptionBudget
#   - LimitRange
#   - ResourceQuota
#   - Endpoints
#   - EndpointSlice
#   - Lease
#   - ControllerRevision
#   - CSIStorageCapacity
#   - ResourceClaim
#   - ResourceClaimTemplate
#   - Gateway
#   - HTTPRoute
#   - GRPCRoute
#   - TCPRoute
#   - TLSRoute
#   - UDPRoute
#   - ReferenceGrant
#   - VerticalPodAutoscaler
#   remediation: >-
#     Create a namespace per application or team and set metadata.namespace (or the namespace of
#     the Kustomize overlay or Helm release) to it.
#   compliance:
#   - cis-k8s-1.10:5.7.4
#   - nsa-cisa-1.2:namespaces
#   - nist-800-190:4.3.4
package palisade.kubernetes.default_namespace

import data.lib.kubernetes as k8s

ns := object.get(input, ["metadata", "namespace"], "")

deny contains res if {
	ns in {"", null}
	res := {
		"msg": sprintf("%s names no namespace and will be created in the current namespace, usually default", [k8s.kind_name]),
		"path": ["metadata", "namespace"],
	}
}

deny contains res if {
	ns == "default"
	res := {
		"msg": sprintf("%s is in the default namespace", [k8s.kind_name]),
		"path": ["metadata", "namespace"],
	}
}
