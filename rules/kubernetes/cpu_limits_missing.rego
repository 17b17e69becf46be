# METADATA
# title: CPU limit not set
# description: >-
#   Without a CPU limit a container can use all idle CPU of its node; a runaway or compromised
#   process then slows down every other workload there. Namespaces that apply a LimitRange
#   default are covered by it even when the manifest does not set the limit.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
# custom:
#   id: PAL-K8S-041
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set resources.limits.cpu on every container, or enforce a default with a LimitRange in the namespace.
#   compliance:
#   - nsa-cisa-1.2:resource-policies
package palisade.kubernetes.cpu_limits_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.resource_containers
	not x.res.limits.cpu
	res := {
		"msg": sprintf("Container %q of %s has no CPU limit", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["resources", "limits", "cpu"]),
	}
}
