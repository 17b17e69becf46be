# METADATA
# title: Downloaded script piped into a shell
# description: >-
#   curl or wget output piped straight into sh, bash, python and the like (or run through
#   sh -c "$(curl ...)") executes whatever the server returns at build time, with no way to review
#   or verify it; a compromised server or a truncated download runs arbitrary code in the build.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#using-pipes
# custom:
#   id: PAL-DF-008
#   severity: MEDIUM
#   input: dockerfile
#   remediation: >-
#     Download the script to a file, verify its checksum or signature, then run it; better, install
#     the software from a signed package repository.
#   compliance:
#   - cis-docker-1.6:4.11
#   - nist-800-190:4.1.3
package palisade.dockerfile.pipe_to_shell

import data.lib.docker

_interpreters := {"sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python2", "python3", "perl", "ruby", "node", "php"}

_interpreter(name) if name in _interpreters

_interpreter(name) if regex.match(`^python[0-9.]+$`, name)

_piped(r) if {
	some p in r.pipelines
	some i, a in p
	docker.is_download(a)
	some j, b in p
	j > i
	_interpreter(b.name)
}

_piped(r) if regex.match(_subst_re, r.script)

# sh -c "$(curl ...)", bash <(wget ...), sh -c `curl ...`
_subst_re := "(?:^|[\\s;&|(])(?:sh|bash|dash|ash|zsh|ksh|python3?)\\s+(?:-\\S+\\s+)*[\"']?(?:\\$\\(|<\\(|`)\\s*(?:curl|wget)\\s"

deny contains res if {
	some r in docker.runs
	_piped(r)
	res := docker.result(r.cmd, "RUN pipes a script downloaded with curl or wget into an interpreter without verifying it")
}
