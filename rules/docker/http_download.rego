# METADATA
# title: Download over plain HTTP
# description: >-
#   curl, wget, git, pip or ADD fetching an http:// URL gets content that anyone on the network path
#   can read and replace. Local addresses (localhost, 127.0.0.0/8) are not reported. APT and YUM
#   repositories are not checked here: their packages are signed.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#add
# custom:
#   id: PAL-DF-034
#   severity: MEDIUM
#   input: dockerfile
#   remediation: Use https:// URLs, and verify a checksum or signature of what is downloaded.
#   compliance:
#   - cis-docker-1.6:4.11
#   - nist-800-190:4.1.3
package palisade.dockerfile.http_download

import data.lib.docker

_http(u) if {
	regex.match(`^(?i)(git\+)?http://`, u)
	not regex.match(`^(?i)(git\+)?http://(localhost|127\.[0-9.]+|\[::1\]|0\.0\.0\.0)([:/]|$)`, u)
}

_fetcher(sh) if sh.name in {"curl", "wget", "git"}

_fetcher(sh) if docker.is_pip(sh)

_urls(r) := [u |
	some sh in r.commands
	_fetcher(sh)
	some a in sh.args
	u := regex.replace(a, `^--?[A-Za-z-]+=`, "")
	_http(u)
]

deny contains res if {
	some r in docker.runs
	urls := _urls(r)
	count(urls) > 0
	res := docker.result(r.cmd, sprintf("RUN downloads %s over plain HTTP", [urls[0]]))
}

deny contains res if {
	some c in docker.commands
	c.cmd == "add"
	urls := [s | some s in docker.copy_sources(c); _http(s)]
	count(urls) > 0
	res := docker.result(c, sprintf("ADD downloads %s over plain HTTP", [urls[0]]))
}
