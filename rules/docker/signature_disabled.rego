# METADATA
# title: Package signature verification disabled
# description: >-
#   Package managers check repository and package signatures so that only packages signed by the
#   distribution or vendor get installed. apt-get --allow-unauthenticated or [trusted=yes] sources,
#   apk --allow-untrusted, yum/dnf --nogpgcheck or gpgcheck=0 and rpm --nosignature turn this off:
#   a mirror or network attacker can then install anything.
# related_resources:
# - https://wiki.debian.org/SecureApt
# - https://docs.docker.com/build/building/best-practices/#apt-get
# custom:
#   id: PAL-DF-033
#   severity: HIGH
#   input: dockerfile
#   remediation: >-
#     Remove the option and import the repository's signing key instead (for apt, a keyring
#     referenced with signed-by=).
#   compliance:
#   - cis-docker-1.6:4.11
#   - nist-800-190:4.1.3
package palisade.dockerfile.signature_disabled

import data.lib.docker

# _unsigned is the set of options of one shell command that skip signature checks.
_unsigned(sh) := (_apt(sh) | _apk(sh)) | _rpm(sh)

_apt(sh) := {a | sh.name in docker.apt_names; some a in sh.args; _apt_unsigned(a)}

_apk(sh) := {a | sh.name == "apk"; some a in sh.args; a == "--allow-untrusted"}

_rpm(sh) := {a | sh.name in (docker.yum_names | {"zypper", "rpm"}); some a in sh.args; _rpm_unsigned(a)}

_apt_unsigned(a) if a in {"--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"}

_apt_unsigned(a) if regex.match(`(?i)(AllowUnauthenticated|AllowInsecureRepositories)=(true|1|yes)`, a)

_rpm_unsigned(a) if a in {"--nogpgcheck", "--no-gpg-checks", "--nosignature", "--nodigest"}

_rpm_unsigned(a) if regex.match(`(?i)^--setopt=(\S+\.)?gpgcheck=(0|false|no)$`, a)

# Repository definitions written in the RUN: deb [trusted=yes] ..., gpgcheck=0
_unsigned_text(r) := {"[trusted=yes]" | regex.match(`\[[^\]]*trusted=yes[^\]]*\]`, r.script)} | {"gpgcheck=0" |
	regex.match(`(?m)(^|[\s'"])(repo_)?gpgcheck\s*=\s*0`, r.script)
}

deny contains res if {
	some r in docker.runs
	what := sort({w | some sh in r.commands; some w in _unsigned(sh)} | _unsigned_text(r))
	count(what) > 0
	res := docker.result(r.cmd, sprintf("RUN disables package signature verification (%s)", [what[0]]))
}
