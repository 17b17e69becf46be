# METADATA
# title: Memory limit not set
# description: >-
#   Without a memory limit a leaking or compromised container can consume all memory of its
#   node until the kernel's out-of-memory killer ends other workloads or node components.
#   Namespaces that apply a LimitRange default are covered by it even when the manifest
#   does not set the limit.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: PAL-K8S-043
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set resources.limits.memory on every container, or enforce a default with a LimitRange in the namespace.
#   compliance:
#   - nsa-cisa-1.2:resource-policies
package palisade.kubernetes.memory_limits_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.resource_containers
	not x.res.limits.memory
	res := {
		"msg": sprintf("Container %q of %s has no memory limit", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["resources", "limits", "memory"]),
	}
}
