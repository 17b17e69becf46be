# METADATA
# title: sudo used in RUN
# description: >-
#   Build steps already run as the current USER and can switch users with USER. Calling sudo in
#   RUN means sudo is installed in the image, where it lets any process that gets the password or
#   a sudoers entry become root, and its TTY and environment handling makes builds fragile.
#   Checked in the stages that end up in the image.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#user
# custom:
#   id: PAL-DF-007
#   severity: MEDIUM
#   input: dockerfile
#   remediation: >-
#     Run the privileged steps before switching to the unprivileged USER (or switch with USER root
#     and back), and do not install sudo in the image.
#   compliance:
#   - nist-800-190:4.1.2
package palisade.dockerfile.sudo

import data.lib.docker

deny contains res if {
	some r in docker.shipped_runs
	cmds := [sh.name | some sh in r.commands; "sudo" in sh.prefix]
	count(cmds) > 0
	res := docker.result(r.cmd, sprintf("RUN calls sudo (for %s)", [concat(", ", cmds)]))
}
