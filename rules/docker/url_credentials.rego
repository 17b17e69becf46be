# METADATA
# title: Credentials in a URL
# description: >-
#   A URL of the form https://user:password@host (or https://$TOKEN@host) in RUN or ADD puts the
#   credential in the image history, where anyone who can pull the image reads it; build
#   arguments used in RUN are recorded there too. Typical cases are git clone of private
#   repositories and downloads from private registries.
# related_resources:
# - https://docs.docker.com/build/building/secrets/
# - https://docs.docker.com/build/building/secrets/#git-authentication-for-remote-contexts
# custom:
#   id: PAL-DF-030
#   severity: HIGH
#   input: dockerfile
#   remediation: >-
#     Use RUN --mount=type=secret (e.g. a .netrc or git credential helper reading the mounted
#     secret) or RUN --mount=type=ssh with an SSH URL.
#   compliance:
#   - cis-docker-1.6:4.10
#   - nist-800-190:4.1.4
package palisade.dockerfile.url_credentials

import data.lib.docker

_cred_re := `(?i)[a-z][a-z0-9+.-]*://[^/\s:@'"]+:[^/\s@'"]+@[^\s'"]`

_token_re := `(?i)[a-z][a-z0-9+.-]*://\$\{?[A-Za-z_][A-Za-z0-9_]*\}?@`

_has_creds(s) if regex.match(_cred_re, s)

_has_creds(s) if regex.match(_token_re, s)

deny contains res if {
	some r in docker.runs
	_has_creds(r.script)
	res := docker.result(r.cmd, "RUN uses a URL with embedded credentials, which end up in the image history")
}

deny contains res if {
	some c in docker.commands
	c.cmd == "add"
	count([s | some s in docker.copy_sources(c); _has_creds(s)]) > 0
	res := docker.result(c, "ADD uses a URL with embedded credentials, which end up in the image history")
}
