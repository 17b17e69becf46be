# METADATA
# title: ADD used to copy local files
# description: >-
#   ADD also downloads URLs and unpacks archives, so using it for plain local files hides what the
#   instruction really does and can unpack content unexpectedly. COPY does only the copy. ADD is
#   not reported when one of its sources is a URL or a tar archive it is meant to unpack.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#add-or-copy
# - https://docs.docker.com/reference/dockerfile/#add
# custom:
#   id: PAL-DF-003
#   severity: LOW
#   input: dockerfile
#   remediation: Replace ADD with COPY for local files and directories.
#   compliance:
#   - cis-docker-1.6:4.9
package palisade.dockerfile.add_local

import data.lib.docker

_special(s) if regex.match(`^(?i)([a-z][a-z0-9+.-]*://|git@)`, s)

_special(s) if regex.match(`(?i)\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma|tlz)$`, s)

_special(s) if contains(s, "$")

deny contains res if {
	some c in docker.commands
	c.cmd == "add"
	srcs := docker.copy_sources(c)
	count([s | some s in srcs; _special(s)]) == 0
	count(srcs) + count(object.get(c, "heredocs", [])) > 0
	res := docker.result(c, sprintf("ADD on line %d copies local content; COPY does the same without fetching URLs or unpacking archives", [c.startLine]))
}
