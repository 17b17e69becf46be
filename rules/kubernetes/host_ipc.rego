# METADATA
# title: Pod shares the host IPC namespace
# description: >-
#   With hostIPC the containers share System V IPC objects and POSIX message queues and shared
#   memory with every process on the node that is not isolated, so they can read or tamper with data
#   other programs exchange.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec
# custom:
#   id: PAL-K8S-003
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove spec.hostIPC from the pod spec or set it to false.
#   compliance:
#   - cis-k8s-1.10:5.2.4
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.host_ipc

import data.lib.kubernetes as k8s

deny contains res if {
	k8s.pod_spec.hostIPC == true
	res := {
		"msg": sprintf("%s shares the host's IPC namespace (hostIPC: true)", [k8s.kind_name]),
		"path": array.concat(k8s.pod_spec_path, ["hostIPC"]),
	}
}
