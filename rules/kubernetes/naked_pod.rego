# METADATA
# title: Pod without a controller
# description: >-
#   A Pod created directly, without a Deployment, StatefulSet, DaemonSet, Job or other
#   controller, is not recreated when its node fails or it is evicted, cannot be rolled out or
#   rolled back, and tends to be forgotten with outdated images.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs
# custom:
#   id: PAL-K8S-065
#   severity: LOW
#   input: kubernetes
#   kinds: [Pod]
#   remediation: Run the pod from a Deployment (or a StatefulSet, DaemonSet or Job, as the workload requires).
package palisade.kubernetes.naked_pod

import data.lib.kubernetes as k8s

deny contains res if {
	count(object.get(input, ["metadata", "ownerReferences"], [])) == 0
	res := {
		"msg": sprintf("%s is not managed by a controller and is not recreated if it fails or is evicted", [k8s.kind_name]),
		"path": ["kind"],
	}
}
