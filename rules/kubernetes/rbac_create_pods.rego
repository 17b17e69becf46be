# METADATA
# title: Role can create Pods
# description: >-
#   Whoever can create Pods in a namespace can run them as any ServiceAccount of the namespace
#   and mount any of its Secrets and ConfigMaps, and, where Pod Security admission allows it,
#   start privileged pods on a node; it amounts to the combined rights of the whole namespace.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
# custom:
#   id: PAL-K8S-083
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove create on pods unless the subject deploys workloads itself; let controllers create
#     pods and give people and CI access to Deployments or Jobs in dedicated namespaces.
#   compliance:
#   - cis-k8s-1.10:5.1.4
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_create_pods

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"pods"}, {"create"})
	res := {
		"msg": sprintf("%s can create Pods (%s) in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
