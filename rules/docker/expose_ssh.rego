# METADATA
# title: SSH port 22 exposed
# description: >-
#   EXPOSE 22 advertises an SSH server in the container. Containers are managed with the engine's
#   exec and logs, not SSH; a running sshd adds credentials to manage, a network-reachable login
#   service and a process that is not the application. Checked in the stages that end up in the
#   image.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#expose
# custom:
#   id: PAL-DF-017
#   severity: MEDIUM
#   input: dockerfile
#   remediation: Remove port 22 from EXPOSE and the SSH server from the image; use docker exec or kubectl exec.
#   compliance:
#   - nist-800-190:4.1.2
package palisade.dockerfile.expose_ssh

import data.lib.docker

deny contains res if {
	some c in docker.shipped_commands
	c.cmd == "expose"
	count([v | some v in c.value; split(v, "/")[0] == "22"]) > 0
	res := docker.result(c, "EXPOSE publishes port 22 (SSH)")
}
