# METADATA
# title: yum or dnf install without clean all
# description: >-
#   yum, dnf and microdnf keep repository metadata and packages under /var/cache. Unless the same
#   RUN cleans it, the cache stays in the layer. Not reported when the RUN runs "clean", removes the
#   cache directory, or mounts it as a cache. Checked in the stages that end up in the image.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#run
# - https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command
# custom:
#   id: PAL-DF-014
#   severity: LOW
#   input: dockerfile
#   remediation: End the RUN with && yum clean all (or dnf clean all / microdnf clean all).
package palisade.dockerfile.yum_clean

import data.lib.docker

_installs(sh) if {
	sh.name in docker.yum_names
	docker.verb(sh) in {"install", "groupinstall", "localinstall", "reinstall", "update", "upgrade"}
}

_cleans(r) if {
	some sh in r.commands
	sh.name in docker.yum_names
	docker.verb(sh) == "clean"
}

_cleans(r) if {
	some dir in ["/var/cache/yum", "/var/cache/dnf", "/var/cache/microdnf", "/var/cache/tdnf"]
	docker.removes(r.commands, dir)
}

_cleans(r) if {
	some dir in ["/var/cache/yum", "/var/cache/dnf", "/var/cache/microdnf", "/var/cache/tdnf"]
	docker.cache_mount(r.cmd, dir)
}

deny contains res if {
	some r in docker.shipped_runs
	names := [sh.name | some sh in r.commands; _installs(sh)]
	count(names) > 0
	not _cleans(r)
	res := docker.result(r.cmd, sprintf("RUN installs packages with %s without cleaning its cache in the same instruction", [names[0]]))
}
