# METADATA
# title: APT package lists left in the image
# description: >-
#   apt-get update downloads the package index to /var/lib/apt/lists. Unless the same RUN removes it,
#   tens of megabytes of index files stay in the layer, where they are useless at run time and go
#   stale. Not reported when the lists are on a cache or tmpfs mount. Checked in the stages that end
#   up in the image.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#apt-get
# custom:
#   id: PAL-DF-010
#   severity: LOW
#   input: dockerfile
#   remediation: >-
#     End the RUN that calls apt-get update with && rm -rf /var/lib/apt/lists/*, or mount
#     /var/lib/apt/lists as a cache (RUN --mount=type=cache,target=/var/lib/apt/lists ...).
package palisade.dockerfile.apt_lists

import data.lib.docker

_updaters(r) := [sh.name | some sh in r.commands; sh.name in {"apt-get", "apt"}; docker.verb(sh) == "update"]

_cleans(r) if docker.removes(r.commands, "/var/lib/apt/lists")

_cleans(r) if docker.cache_mount(r.cmd, "/var/lib/apt/lists")

_cleans(r) if {
	some sh in r.commands
	sh.name in {"apt-get", "apt"}
	some a in sh.args
	a in {"distclean", "dist-clean"}
}

deny contains res if {
	some r in docker.shipped_runs
	names := _updaters(r)
	count(names) > 0
	not _cleans(r)
	res := docker.result(r.cmd, sprintf("RUN calls %s update but does not remove /var/lib/apt/lists in the same layer", [names[0]]))
}
