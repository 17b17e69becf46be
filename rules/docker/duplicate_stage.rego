# METADATA
# title: Duplicate build stage name
# description: >-
#   Two stages share the same AS name (names are case-insensitive). References to the name
#   (FROM, COPY --from, --target) become ambiguous and BuildKit rejects the Dockerfile.
# related_resources:
# - https://docs.docker.com/reference/build-checks/duplicate-stage-name/
# custom:
#   id: PAL-DF-024
#   severity: LOW
#   input: dockerfile
#   remediation: Give every stage a unique name.
package palisade.dockerfile.duplicate_stage

import data.lib.docker

deny contains res if {
	some s in docker.stages
	s.name != ""
	earlier := [t.from.startLine | some t in docker.stages; t.index < s.index; t.name == s.name]
	count(earlier) > 0
	res := docker.result(s.from, sprintf("Stage name %q is already used by the stage on line %d", [s.name, min(earlier)]))
}
