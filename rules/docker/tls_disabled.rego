# METADATA
# title: TLS certificate verification disabled
# description: >-
#   curl -k, wget --no-check-certificate, git http.sslVerify=false, pip --trusted-host, npm
#   strict-ssl false and variables such as NODE_TLS_REJECT_UNAUTHORIZED=0 or GIT_SSL_NO_VERIFY turn
#   off server certificate checks, so anyone on the network path can substitute what is downloaded.
#   In ENV the setting also stays active for the application at run time.
# related_resources:
# - https://curl.se/docs/sslcerts.html
# - https://docs.docker.com/build/building/best-practices/
# custom:
#   id: PAL-DF-032
#   severity: MEDIUM
#   input: dockerfile
#   remediation: >-
#     Remove the option and install the CA certificate the server needs (COPY it to
#     /usr/local/share/ca-certificates and run update-ca-certificates).
#   compliance:
#   - cis-docker-1.6:4.11
#   - nist-800-190:4.1.3
package palisade.dockerfile.tls_disabled

import data.lib.docker

_off := {"false", "0", "no", "off"}

# _insecure is the set of TLS-disabling settings of one shell command.
_insecure(sh) := (((_curl(sh) | _wget(sh)) | (_git(sh) | _pip(sh))) | (_npm(sh) | _generic(sh))) | _prefix_env(sh)

_curl(sh) := {"curl --insecure" | sh.name == "curl"; _curl_k(sh)}

_wget(sh) := {"wget --no-check-certificate" | sh.name == "wget"; "--no-check-certificate" in sh.args}

_git(sh) := {"git http.sslVerify false" | sh.name == "git"; _git_no_verify(sh)}

_pip(sh) := {"pip --trusted-host" | docker.is_pip(sh); docker.has_opt(sh, "--trusted-host")}

_npm(sh) := {sprintf("%s strict-ssl false", [sh.name]) | sh.name in {"npm", "yarn", "pnpm"}; _no_strict_ssl(sh)}

_generic(sh) := {sprintf("%s %s", [sh.name, a]) |
	some a in sh.args
	a in {"--insecure-skip-tls-verify", "--tls-verify=false", "--insecure-skip-verify", "--disable-tls"}
}

_prefix_env(sh) := {p |
	some p in sh.prefix
	kv := split(p, "=")
	_env_insecure(kv[0], concat("=", array.slice(kv, 1, count(kv))))
}

_git_no_verify(sh) if {
	some a in sh.args
	regex.match(`(?i)^http\.sslverify=(false|0|no|off)$`, a)
}

_git_no_verify(sh) if {
	some i, a in sh.args
	lower(a) == "http.sslverify"
	lower(sh.args[i + 1]) in _off
}

_no_strict_ssl(sh) if {
	some i, a in sh.args
	a == "strict-ssl"
	lower(sh.args[i + 1]) in _off
}

_no_strict_ssl(sh) if "--strict-ssl=false" in sh.args

_curl_k(sh) if "--insecure" in sh.args

_curl_k(sh) if docker.has_short(sh, "k")

_env_insecure("NODE_TLS_REJECT_UNAUTHORIZED", v) if v == "0"

_env_insecure("GIT_SSL_NO_VERIFY", v) if not lower(v) in (_off | {""})

_env_insecure("PYTHONHTTPSVERIFY", v) if v == "0"

_env_insecure("NPM_CONFIG_STRICT_SSL", v) if lower(v) in _off

_env_insecure("PIP_TRUSTED_HOST", v) if v != ""

deny contains res if {
	some r in docker.runs
	what := sort([w | some sh in r.commands; some w in _insecure(sh)])
	count(what) > 0
	res := docker.result(r.cmd, sprintf("RUN disables TLS certificate verification (%s)", [what[0]]))
}

deny contains res if {
	some c in docker.commands
	c.cmd == "env"
	names := [p[0] | some p in docker.env_pairs(c); _env_insecure(p[0], p[1])]
	count(names) > 0
	res := docker.result(c, sprintf("ENV %s disables TLS certificate verification", [concat(", ", names)]))
}
