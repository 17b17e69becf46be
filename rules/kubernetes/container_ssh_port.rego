# METADATA
# title: Container exposes the SSH port
# description: >-
#   A container that declares port 22 usually runs an SSH server. Containers are meant to be
#   managed through the orchestrator (kubectl exec, logs, rebuilt images), and an SSH daemon
#   adds a long-lived login service with its own credentials and keys to patch and protect.
# related_resources:
# - https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/
# custom:
#   id: PAL-K8S-061
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove the SSH server from the image and the port from the container; use kubectl exec or kubectl debug for interactive access.
#   compliance:
#   - nist-800-190:4.1.2
package palisade.kubernetes.container_ssh_port

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	some i, p in object.get(x.container, "ports", [])
	p.containerPort == 22
	res := {
		"msg": sprintf("Container %q of %s exposes SSH port 22", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["ports", i, "containerPort"]),
	}
}
