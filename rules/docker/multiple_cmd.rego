# METADATA
# title: CMD or ENTRYPOINT overridden in the same stage
# description: >-
#   Only the last CMD and the last ENTRYPOINT of a stage take effect. An earlier one in the same
#   stage is dead code that suggests the image starts something it does not.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#cmd
# - https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
# custom:
#   id: PAL-DF-019
#   severity: LOW
#   input: dockerfile
#   remediation: Keep a single CMD and a single ENTRYPOINT per stage.
package palisade.dockerfile.multiple_cmd

import data.lib.docker

deny contains res if {
	some s in docker.stages
	some name in ["cmd", "entrypoint"]
	cs := [c | some c in s.commands; c.cmd == name]
	count(cs) > 1
	last := cs[count(cs) - 1]
	some i, c in cs
	i < count(cs) - 1
	res := docker.result(c, sprintf("%s has no effect: the %s on line %d of %s overrides it", [upper(name), upper(name), last.startLine, docker.stage_desc(s.index)]))
}
