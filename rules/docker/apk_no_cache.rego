# METADATA
# title: apk add without --no-cache
# description: >-
#   Without --no-cache, apk keeps the downloaded package index in /var/cache/apk, adding size to the
#   layer for nothing. Not reported when the same RUN removes /var/cache/apk or the cache is on a
#   cache or tmpfs mount. Checked in the stages that end up in the image.
# related_resources:
# - https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper
# custom:
#   id: PAL-DF-013
#   severity: LOW
#   input: dockerfile
#   remediation: Use apk add --no-cache PACKAGE.
package palisade.dockerfile.apk_no_cache

import data.lib.docker

_cleans(r) if docker.removes(r.commands, "/var/cache/apk")

_cleans(r) if docker.cache_mount(r.cmd, "/var/cache/apk")

_cleans(r) if docker.cache_mount(r.cmd, "/etc/apk/cache")

deny contains res if {
	some r in docker.shipped_runs
	count([sh | some sh in r.commands; sh.name == "apk"; docker.verb(sh) == "add"; not docker.has_opt(sh, "--no-cache")]) > 0
	not _cleans(r)
	res := docker.result(r.cmd, "RUN calls apk add without --no-cache and leaves the package index in the image")
}
