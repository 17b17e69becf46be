# METADATA
# title: Pod shares the host PID namespace
# description: >-
#   With hostPID the containers see every process on the node, can read their environment and
#   command lines through /proc and, with enough privileges, signal or ptrace them; it is a common
#   step in escaping to the node.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec
# custom:
#   id: PAL-K8S-002
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove spec.hostPID from the pod spec or set it to false.
#   compliance:
#   - cis-k8s-1.10:5.2.3
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.host_pid

import data.lib.kubernetes as k8s

deny contains res if {
	k8s.pod_spec.hostPID == true
	res := {
		"msg": sprintf("%s shares the host's process ID namespace (hostPID: true)", [k8s.kind_name]),
		"path": array.concat(k8s.pod_spec_path, ["hostPID"]),
	}
}
