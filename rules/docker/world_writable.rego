# METADATA
# title: World-writable permissions set in the image
# description: >-
#   chmod 777, chmod o+w or COPY --chmod=666 make files writable by every user of the container, so
#   any process, whatever its user, can replace binaries, scripts or configuration. Directories
#   with the sticky bit (1777, like /tmp) are not reported. Checked in the stages that end up in the
#   image.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#copy---chown---chmod
# custom:
#   id: PAL-DF-025
#   severity: MEDIUM
#   input: dockerfile
#   remediation: >-
#     Grant only what is needed (e.g. 755 for executables, 644 for files) and give ownership to the
#     user that must write (chown or COPY --chown).
#   compliance:
#   - nist-800-190:4.1.2
package palisade.dockerfile.world_writable

import data.lib.docker

_world_writable(m) if {
	regex.match(`^[0-7]{3,5}$`, m)
	to_number(substring(m, count(m) - 1, 1)) in {2, 3, 6, 7}
	not _sticky(m)
}

_world_writable(m) if {
	some clause in split(m, ",")
	parts := regex.find_all_string_submatch_n(`^([ugoa]*)([+=])([rwxXst]*)$`, clause, 1)
	count(parts) == 1
	regex.match(`[oa]`, parts[0][1])
	contains(parts[0][3], "w")
	not contains(parts[0][3], "t")
}

_sticky(m) if {
	count(m) >= 4
	bits.and(to_number(substring(m, count(m) - 4, 1)), 1) == 1
}

_chmod_modes(r) := [m |
	some sh in r.commands
	sh.name == "chmod"
	m := docker.positional(sh)[0]
	_world_writable(m)
]

deny contains res if {
	some r in docker.shipped_runs
	modes := _chmod_modes(r)
	count(modes) > 0
	res := docker.result(r.cmd, sprintf("RUN makes files world-writable with chmod %s", [modes[0]]))
}

deny contains res if {
	some c in docker.shipped_commands
	c.cmd in {"copy", "add"}
	m := docker.flag_value(c, "chmod")
	_world_writable(m)
	res := docker.result(c, sprintf("%s --chmod=%s makes the copied files world-writable", [upper(c.cmd), m]))
}
