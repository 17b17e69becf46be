# METADATA
# title: Deprecated MAINTAINER instruction
# description: >-
#   MAINTAINER is deprecated. The author belongs in the standard OCI label
#   org.opencontainers.image.authors, which tools that read image metadata understand.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#maintainer-deprecated
# - https://docs.docker.com/reference/build-checks/maintainer-deprecated/
# custom:
#   id: PAL-DF-018
#   severity: LOW
#   input: dockerfile
#   remediation: Replace MAINTAINER with LABEL org.opencontainers.image.authors="...".
package palisade.dockerfile.maintainer

import data.lib.docker

deny contains res if {
	some c in docker.commands
	c.cmd == "maintainer"
	res := docker.result(c, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors")
}
