# METADATA
# title: Liveness probe not set
# description: >-
#   Without a liveness probe the kubelet restarts a container only when its main process exits;
#   a process that hangs or deadlocks keeps running and keeps serving errors. Init containers
#   and pods that run to completion (Jobs, CronJobs, restartPolicy Never or OnFailure) are not
#   checked.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: PAL-K8S-044
#   severity: LOW
#   input: kubernetes
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, PodTemplate]
#   remediation: Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails when the process can no longer do its work.
package palisade.kubernetes.liveness_probe_missing

import data.lib.kubernetes as k8s

deny contains res if {
	not _run_to_completion
	some x in k8s.containers
	x.type == "containers"

	# not k8s.has_key(x.container, "livenessProbe"), without a function call per container
	not x.container.livenessProbe == x.container.livenessProbe
	res := {
		"msg": sprintf("Container %q of %s has no liveness probe", [x.container.name, k8s.kind_name]),
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
