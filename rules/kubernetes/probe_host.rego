# METADATA
# title: Probe or lifecycle hook targets another host
# description: >-
#   An httpGet or tcpSocket probe or lifecycle hook sets host. The kubelet performs these checks
#   from the node, so the pod author can make the node connect to arbitrary addresses, including
#   services only reachable from the node (localhost, metadata endpoints, the control plane): a
#   server-side request forgery channel. The baseline Pod Security Standard (policy v1.34+)
#   forbids the field.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: PAL-K8S-037
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove host so the probe targets the pod's own IP; to check a dependency, do it from inside
#     the container (an exec probe or the application's health endpoint).
#   compliance:
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.probe_host

import data.lib.kubernetes as k8s

# Each probe and lifecycle handler of each container is looked at directly, by reference, so that
# only handlers that set a host cost more than a lookup.
deny contains res if {
	some x in k8s.containers
	some p in ["livenessProbe", "readinessProbe", "startupProbe"]
	some action in ["httpGet", "tcpSocket"]
	host := x.container[p][action].host
	_host_set(host)
	res := {
		"msg": sprintf("The %s of container %q of %s makes the kubelet connect to host %q", [p, x.container.name, k8s.kind_name, host]),
		"path": array.concat(x.path, [p, action, "host"]),
	}
}

deny contains res if {
	some x in k8s.containers
	some hook in ["postStart", "preStop"]
	some action in ["httpGet", "tcpSocket"]
	host := x.container.lifecycle[hook][action].host
	_host_set(host)
	res := {
		"msg": sprintf("The %s hook of container %q of %s makes the kubelet connect to host %q", [hook, x.container.name, k8s.kind_name, host]),
		"path": array.concat(x.path, ["lifecycle", hook, action, "host"]),
	}
}

_host_set(host) if {
	is_string(host)
	host != ""
}
