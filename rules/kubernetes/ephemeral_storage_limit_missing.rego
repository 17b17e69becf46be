# METADATA
# title: Ephemeral storage limit not set
# description: >-
#   Without an ephemeral-storage limit a container can fill the node's disk with logs, writes
#   to its writable layer or emptyDir volumes; the kubelet then evicts pods by disk pressure
#   and node components can fail. Namespaces that apply a LimitRange default are covered by it
#   even when the manifest does not set the limit.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
# custom:
#   id: PAL-K8S-063
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set resources.limits.ephemeral-storage on every container, or enforce a default with a LimitRange in the namespace.
#   compliance:
#   - nsa-cisa-1.2:resource-policies
package palisade.kubernetes.ephemeral_storage_limit_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.resource_containers
	not x.res.limits["ephemeral-storage"]
	res := {
		"msg": sprintf("Container %q of %s has no ephemeral-storage limit", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["resources", "limits", "ephemeral-storage"]),
	}
}
