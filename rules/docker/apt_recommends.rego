# METADATA
# title: apt-get install without --no-install-recommends
# description: >-
#   By default apt also installs the packages a package merely recommends. They are rarely needed in
#   a container and each one adds size and attack surface. Not reported when the stages set
#   APT::Install-Recommends in an apt option or configuration written in a RUN. Checked in the
#   stages that end up in the image.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#apt-get
# custom:
#   id: PAL-DF-009
#   severity: LOW
#   input: dockerfile
#   remediation: Add --no-install-recommends to apt-get install (and list what you need explicitly).
#   compliance:
#   - cis-docker-1.6:4.3
package palisade.dockerfile.apt_recommends

import data.lib.docker

_installs_recommends(sh) if {
	sh.name in {"apt-get", "apt"}
	docker.verb(sh) == "install"
	not docker.has_opt(sh, "--no-install-recommends")
}

# APT::Install-Recommends set through -o or an apt.conf.d file written in a RUN.
_configured if {
	some r in docker.shipped_runs
	contains(lower(r.script), "install-recommends")
}

deny contains res if {
	some r in docker.shipped_runs
	count([sh | some sh in r.commands; _installs_recommends(sh)]) > 0
	not _configured
	res := docker.result(r.cmd, "RUN installs packages with apt-get install without --no-install-recommends")
}
