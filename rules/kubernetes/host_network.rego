# METADATA
# title: Pod uses the host network namespace
# description: >-
#   With hostNetwork the containers use the node's network interfaces: they can reach services bound
#   to localhost on the node (kubelet, metadata endpoints), sniff node traffic with enough
#   capabilities, bypass NetworkPolicies and bind ports on the node's addresses.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec
# custom:
#   id: PAL-K8S-004
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove spec.hostNetwork from the pod spec or set it to false.
#   compliance:
#   - cis-k8s-1.10:5.2.5
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.host_network

import data.lib.kubernetes as k8s

deny contains res if {
	k8s.pod_spec.hostNetwork == true
	res := {
		"msg": sprintf("%s uses the node's network namespace (hostNetwork: true)", [k8s.kind_name]),
		"path": array.concat(k8s.pod_spec_path, ["hostNetwork"]),
	}
}
