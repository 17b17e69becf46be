# METADATA
# title: Readiness probe not set
# description: >-
#   Without a readiness probe a pod receives Service traffic as soon as its containers start,
#   before the application can answer, and keeps receiving it while it is overloaded or broken;
#   rolling updates also proceed without waiting for the new pods to work. Init containers and
#   pods that run to completion (Jobs, CronJobs, restartPolicy Never or OnFailure) are not
#   checked.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: PAL-K8S-045
#   severity: LOW
#   input: kubernetes
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, PodTemplate]
#   remediation: Add a readinessProbe that succeeds only when the container can serve requests.
package palisade.kubernetes.readiness_probe_missing

import data.lib.kubernetes as k8s

deny contains res if {
	not _run_to_completion
	some x in k8s.containers
	x.type == "containers"

	# not k8s.has_key(x.container, "readinessProbe"), without a function call per container
	not x.container.readinessProbe == x.container.readinessProbe
	res := {
		"msg": sprintf("Container %q of %s has no readiness probe", [x.container.name, k8s.kind_name]),
		"path": x.path,
	}
}

# Pods that run to completion (a Job's pods, restartPolicy Never or OnFailure) are not
# long-running services; probes matter little for them.
_run_to_completion if k8s.pod_spec.restartPolicy in {"Never", "OnFailure"}

_run_to_completion if {
	some o in object.get(input, ["metadata", "ownerReferences"], [])
	o.kind == "Job"
}
