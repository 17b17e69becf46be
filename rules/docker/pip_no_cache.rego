# METADATA
# title: pip install without --no-cache-dir
# description: >-
#   pip keeps every downloaded wheel in ~/.cache/pip, which then stays in the layer. Not reported
#   when PIP_NO_CACHE_DIR is set (ENV or on the command), when the RUN removes the cache directory,
#   or when it is on a cache or tmpfs mount. Checked in the stages that end up in the image.
# related_resources:
# - https://pip.pypa.io/en/stable/topics/caching/
# custom:
#   id: PAL-DF-015
#   severity: LOW
#   input: dockerfile
#   remediation: >-
#     Use pip install --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or mount the cache with
#     RUN --mount=type=cache,target=/root/.cache/pip.
package palisade.dockerfile.pip_no_cache

import data.lib.docker

_caches(sh) if {
	docker.is_pip(sh)
	docker.verb(sh) == "install"
	not docker.has_opt(sh, "--no-cache-dir")
	count([p | some p in sh.prefix; startswith(p, "PIP_NO_CACHE_DIR=")]) == 0
}

_exempt(_) if "PIP_NO_CACHE_DIR" in docker.shipped_env

_exempt(r) if docker.removes(r.commands, "/root/.cache/pip")

_exempt(r) if docker.removes(r.commands, "~/.cache/pip")

_exempt(r) if docker.removes(r.commands, "$HOME/.cache/pip")

_exempt(r) if {
	some m in docker.mounts(r.cmd)
	some t in m
	t[0] in {"target", "dst", "destination"}
	contains(t[1], ".cache")
}

deny contains res if {
	some r in docker.shipped_runs
	count([sh | some sh in r.commands; _caches(sh)]) > 0
	not _exempt(r)
	res := docker.result(r.cmd, "RUN calls pip install without --no-cache-dir and leaves the wheel cache in the image")
}
