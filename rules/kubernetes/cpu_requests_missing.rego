# METADATA
# title: CPU request not set
# description: >-
#   Without a CPU request the scheduler places the pod as if the container needed no CPU, so
#   nodes get overcommitted and the container is the first to be starved under contention.
#   A container that sets only a CPU limit gets a request equal to it and is not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: PAL-K8S-040
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set resources.requests.cpu on every container to the CPU it needs under normal load.
#   compliance:
#   - nsa-cisa-1.2:resource-policies
package palisade.kubernetes.cpu_requests_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.resource_containers
	not x.res.requests.cpu
	not x.res.limits.cpu
	res := {
		"msg": sprintf("Container %q of %s has no CPU request", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["resources", "requests", "cpu"]),
	}
}
