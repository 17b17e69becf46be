# METADATA
# title: COPY --from names its own stage or no stage
# description: >-
#   COPY --from must name an earlier stage (or an image). Naming the stage itself, or a stage index
#   that is not an earlier stage, breaks the build; a bare name that matches no stage is pulled
#   from Docker Hub as NAME:latest, so a typo silently copies files out of an unknown, unpinned
#   image.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#copy---from
# - https://docs.docker.com/build/building/multi-stage/
# custom:
#   id: PAL-DF-023
#   severity: MEDIUM
#   input: dockerfile
#   remediation: >-
#     Refer to an earlier stage by its AS name, or to an external image by a full reference with a
#     tag or digest (e.g. --from=docker.io/library/busybox:1.36).
#   compliance:
#   - nist-800-190:4.1.5
package palisade.dockerfile.copy_from_invalid

import data.lib.docker

_names := {s.name | some s in docker.stages; s.name != ""}

_problem(c, ref) := sprintf("COPY --from=%s refers to its own stage", [ref]) if {
	ref == docker.stages[c.stage].name
}

_problem(c, ref) := sprintf("COPY --from=%s does not refer to an earlier stage", [ref]) if {
	regex.match(`^[0-9]+$`, ref)
	to_number(ref) >= c.stage
}

_problem(_, ref) := sprintf("COPY --from=%s matches no stage, so it is pulled as the image %s:latest", [ref, ref]) if {
	not regex.match(`^[0-9]+$`, ref)
	not regex.match(`[:/@$]`, ref)
	not ref in _names
}

deny contains res if {
	some c in docker.commands
	c.cmd == "copy"
	ref := lower(docker.flag_value(c, "from"))
	res := docker.result(c, _problem(c, ref))
}
