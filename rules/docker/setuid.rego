# METADATA
# title: setuid or setgid bit set in the image
# description: >-
#   A setuid or setgid file runs with the rights of its owner or group whatever the caller's user;
#   a flaw in such a binary lets an unprivileged process in the container escalate, typically to
#   root. chmod u+s, g+s, +s and numeric modes with 4 or 2 in the special digit (4755, 2755) are
#   reported, in RUN and in COPY/ADD --chmod. Checked in the stages that end up in the image.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#copy---chown---chmod
# custom:
#   id: PAL-DF-026
#   severity: MEDIUM
#   input: dockerfile
#   remediation: >-
#     Do not add setuid/setgid bits; grant the specific capability the program needs instead, and
#     consider removing existing ones (find / -perm /6000 -type f -exec chmod a-s {} +).
#   compliance:
#   - cis-docker-1.6:4.8
#   - nist-800-190:4.1.2
package palisade.dockerfile.setuid

import data.lib.docker

_sets_id(m) if {
	regex.match(`^[0-7]{4,5}$`, m)
	bits.and(to_number(substring(m, count(m) - 4, 1)), 6) != 0
}

_sets_id(m) if {
	some clause in split(m, ",")
	regex.match(`^[ugoa]*[+=][rwxXst]*s[rwxXst]*$`, clause)
}

_chmod_modes(r) := [m |
	some sh in r.commands
	sh.name == "chmod"
	m := docker.positional(sh)[0]
	_sets_id(m)
]

deny contains res if {
	some r in docker.shipped_runs
	modes := _chmod_modes(r)
	count(modes) > 0
	res := docker.result(r.cmd, sprintf("RUN sets a setuid or setgid bit with chmod %s", [modes[0]]))
}

deny contains res if {
	some c in docker.shipped_commands
	c.cmd in {"copy", "add"}
	m := docker.flag_value(c, "chmod")
	_sets_id(m)
	res := docker.result(c, sprintf("%s --chmod=%s sets a setuid or setgid bit", [upper(c.cmd), m]))
}
