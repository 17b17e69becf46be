# METADATA
# title: Secret in an ENV or ARG instruction
# description: >-
#   ENV values are stored in the image configuration and ARG values in the image history; anyone who
#   can pull the image can read them (docker history, docker inspect). ENV and ARG whose name says
#   password, secret, token, API key, private key or credentials are reported (ENV only with a
#   value), and so are values holding a URL with a user and password.
# related_resources:
# - https://docs.docker.com/build/building/secrets/
# - https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
# custom:
#   id: PAL-DF-016
#   severity: HIGH
#   input: dockerfile
#   remediation: >-
#     Pass secrets with RUN --mount=type=secret (docker build --secret) and inject runtime secrets
#     when the container starts; never bake them into ENV or ARG.
#   compliance:
#   - cis-docker-1.6:4.10
#   - nist-800-190:4.1.4
package palisade.dockerfile.secret_env_arg

import data.lib.docker

_secret_re := `(?i)(passw(or)?d|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|encryption[_-]?key|signing[_-]?key|master[_-]?key|credential|_pwd$|^pwd_)`

# Names that describe a secret without holding it.
_not_secret_re := `(?i)(_file|_path|_dir|_url|_uri|_endpoint|_name|_id|_type|_len|_length|_ttl|_expiry|_expires|_header|_location|_mode|_enabled|_version|_size|_env|_policy|_method)$|public|pubkey|gpg|_file_|_path_`

_secret_name(n) if {
	regex.match(_secret_re, n)
	not regex.match(_not_secret_re, n)
}

_cred_url(v) if regex.match(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`, v)

# Values that are clearly not secrets: empty, booleans, paths under /run/secrets.
_harmless(v) if lower(v) in {"", "true", "false", "yes", "no", "on", "off", "0", "1"}

_harmless(v) if startswith(v, "/run/secrets/")

_leaks("arg", p) if _secret_name(p[0])

_leaks("env", p) if {
	_secret_name(p[0])
	not _harmless(p[1])
}

_leaks(_, p) if {
	is_string(p[1])
	_cred_url(p[1])
}

_pairs(c) := docker.env_pairs(c) if c.cmd == "env"

_pairs(c) := docker.arg_pairs(c) if c.cmd == "arg"

deny contains res if {
	some c in docker.all_commands
	c.cmd in {"env", "arg"}
	names := [p[0] | some p in _pairs(c); _leaks(c.cmd, p)]
	count(names) > 0
	res := docker.result(c, sprintf("%s %s may hold a secret, which stays readable in the image", [upper(c.cmd), concat(", ", names)]))
}
