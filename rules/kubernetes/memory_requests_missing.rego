# METADATA
# title: Memory request not set
# description: >-
#   Without a memory request the scheduler assumes the container needs no memory, nodes get
#   overcommitted, and the pod is among the first to be evicted when the node runs short.
#   A container that sets only a memory limit gets a request equal to it and is not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: PAL-K8S-042
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set resources.requests.memory on every container to the memory it needs under normal load.
#   compliance:
#   - nsa-cisa-1.2:resource-policies
package palisade.kubernetes.memory_requests_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.resource_containers
	not x.res.requests.memory
	not x.res.limits.memory
	res := {
		"msg": sprintf("Container %q of %s has no memory request", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["resources", "requests", "memory"]),
	}
}
