# METADATA
# title: WORKDIR with a relative path
# description: >-
#   A relative WORKDIR is resolved against the previous working directory, which may come from the
#   base image and change with it; the resulting path is hard to know from reading the Dockerfile.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#workdir
# - https://docs.docker.com/reference/build-checks/workdir-relative-path/
# custom:
#   id: PAL-DF-021
#   severity: LOW
#   input: dockerfile
#   remediation: Use an absolute path, e.g. WORKDIR /app.
package palisade.dockerfile.workdir_relative

import data.lib.docker

_absolute(p) if startswith(p, "/")

_absolute(p) if startswith(p, "$")

_absolute(p) if startswith(p, "\\")

_absolute(p) if regex.match(`^[A-Za-z]:([\\/]|$)`, p)

deny contains res if {
	some c in docker.commands
	c.cmd == "workdir"
	p := docker.unquote(trim_space(concat(" ", c.value)))
	p != ""
	not _absolute(p)
	res := docker.result(c, sprintf("WORKDIR %s is a relative path", [p]))
}
