# METADATA
# title: Role can add ephemeral containers to Pods
# description: >-
#   Update or patch on pods/ephemeralcontainers adds a debug container to a running pod. The new
#   container shares the pod's ServiceAccount, volumes and network, and may share its process
#   namespace, which is as powerful as exec into the pod.
# related_resources:
# - https://kubernetes.io/docs/concepts/workloads/pods/ephemeral-containers/
# - https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container
# custom:
#   id: PAL-K8S-106
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove update and patch on pods/ephemeralcontainers from roles given to applications and CI;
#     grant them only to operators who debug workloads.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_ephemeral_containers

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"pods/ephemeralcontainers", "*/ephemeralcontainers"}, {"update", "patch"})
	res := {
		"msg": sprintf("%s can add ephemeral containers to running Pods (%s) in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
