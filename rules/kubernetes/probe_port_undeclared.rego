# METADATA
# title: Probe uses a port name the container does not declare
# description: >-
#   A liveness, readiness or startup probe refers to a named port that is not among the
#   container's ports. The probe can never connect: a liveness probe then restarts the
#   container forever, a readiness probe keeps it out of its Services.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port
# custom:
#   id: PAL-K8S-074
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Declare the port under the container's ports with that name, or refer to the port the application listens on.
package palisade.kubernetes.probe_port_undeclared

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	some probe in ["livenessProbe", "readinessProbe", "startupProbe"]
	some handler in ["httpGet", "tcpSocket"]
	port := x.container[probe][handler].port
	is_string(port)
	regex.match(`[a-zA-Z]`, port)
	not port in {p.name | some p in object.get(x.container, "ports", [])}
	res := {
		"msg": sprintf("The %s of container %q of %s uses port %q, which the container does not declare", [probe, x.container.name, k8s.kind_name, port]),
		"path": array.concat(x.path, [probe, handler, "port"]),
	}
}
