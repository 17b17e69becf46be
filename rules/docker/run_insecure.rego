# METADATA
# title: RUN with --security=insecure
# description: >-
#   RUN --security=insecure runs the build step without the sandbox, like a privileged container:
#   it has all capabilities and access to host devices, so the step (or a compromised dependency it
#   runs) can take over the build host. It needs the security.insecure entitlement.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#run---security
# custom:
#   id: PAL-DF-027
#   severity: HIGH
#   input: dockerfile
#   remediation: Remove --security=insecure; grant specific capabilities or devices differently, or move the step out of the image build.
#   compliance:
#   - nist-800-190:4.4.3
package palisade.dockerfile.run_insecure

import data.lib.docker

deny contains res if {
	some c in docker.commands
	c.cmd == "run"
	docker.flag_value(c, "security") == "insecure"
	res := docker.result(c, "RUN --security=insecure runs the build step without the sandbox")
}
