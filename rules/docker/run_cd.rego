# METADATA
# title: cd in RUN instead of WORKDIR
# description: >-
#   A cd inside RUN only lasts for that instruction, so the following instructions silently run
#   somewhere else; chains of cd make the build hard to follow. WORKDIR sets the directory for all
#   following instructions. Only a RUN that starts with cd (after any `set` options) is reported:
#   a cd later in a script, into a directory the script itself created, cannot be replaced by
#   WORKDIR. Subshells "( cd dir && ... )" and here-document scripts are not checked.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#workdir
# custom:
#   id: PAL-DF-022
#   severity: LOW
#   input: dockerfile
#   remediation: Use WORKDIR /path before the RUN instead of cd.
package palisade.dockerfile.run_cd

import data.lib.docker

# The first commands of the RUN, up to and including the first one that is not
# a `set` option line: `RUN cd /app && ...` or `RUN set -eux; cd /app; ...`.
_leading(r) := array.slice(r.line_commands, 0, count(_until_first(r)) + 1)

_until_first(r) := [i |
	some i, sh in r.line_commands
	sh.name == "set"
	count([j | some j, x in r.line_commands; j < i; x.name != "set"]) == 0
]

deny contains res if {
	some r in docker.runs
	dirs := [_dir(sh) | some sh in _leading(r); sh.name == "cd"; not sh.subshell]
	count(dirs) > 0
	res := docker.result(r.cmd, sprintf("RUN starts with cd %s; use WORKDIR", [dirs[0]]))
}

_dir(sh) := sh.args[0] if count(sh.args) > 0

_dir(sh) := "(home)" if count(sh.args) == 0
