# METADATA
# title: ADD downloads a URL without a checksum
# description: >-
#   ADD with an http(s) or ftp source downloads the file at build time and puts it in the image
#   without any check of its content: whoever controls the server, or the network path to it, can
#   change what ends up in the image. ADD --checksum pins the expected digest. Git repository
#   sources (URLs ending in .git) are not reported.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#add---checksum
# - https://docs.docker.com/build/building/best-practices/#add-or-copy
# custom:
#   id: PAL-DF-004
#   severity: MEDIUM
#   input: dockerfile
#   remediation: >-
#     Add --checksum=sha256:<digest> to the ADD instruction, or download in a RUN step that
#     verifies a checksum or signature.
#   compliance:
#   - cis-docker-1.6:4.9
#   - cis-docker-1.6:4.11
#   - nist-800-190:4.1.3
package palisade.dockerfile.add_remote_url

import data.lib.docker

# Git repositories (https://host/repo.git#ref) are cloned, not downloaded.
_git(s) if regex.match(`(?i)\.git(#.*)?$`, s)

deny contains res if {
	some c in docker.commands
	c.cmd == "add"
	urls := [s | some s in docker.copy_sources(c); regex.match(`^(?i)(https?|ftp)://`, s); not _git(s)]
	count(urls) > 0
	not docker.flag_value(c, "checksum")
	res := docker.result(c, sprintf("ADD downloads %s without --checksum, so its content is not verified", [concat(", ", urls)]))
}
