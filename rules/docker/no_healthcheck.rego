# METADATA
# title: Image has no HEALTHCHECK
# description: >-
#   A HEALTHCHECK lets the container engine notice that the application inside a running container
#   has stopped working and report or replace it. The final stage (and the stages it is built on)
#   define none, or the last one is HEALTHCHECK NONE.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#healthcheck
# custom:
#   id: PAL-DF-002
#   severity: LOW
#   input: dockerfile
#   remediation: >-
#     Add a HEALTHCHECK to the final stage that probes the application, for example
#     HEALTHCHECK CMD ["/app", "healthcheck"]. Orchestrators with their own probes (Kubernetes) can
#     suppress this rule.
#   compliance:
#   - cis-docker-1.6:4.6
package palisade.dockerfile.no_healthcheck

import data.lib.docker

_checks := [c | some c in docker.shipped_in_order; c.cmd == "healthcheck"]

deny contains res if {
	count(_checks) == 0
	s := docker.final_stage
	res := docker.result(s.from, sprintf("The final %s (FROM %s) defines no HEALTHCHECK", [docker.stage_desc(s.index), s.image]))
}

deny contains res if {
	c := _checks[count(_checks) - 1]
	upper(c.value[0]) == "NONE"
	res := docker.result(c, "HEALTHCHECK NONE disables the health check of the image")
}
