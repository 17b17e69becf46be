# METADATA
# title: Base image uses the latest tag or no tag
# description: >-
#   A FROM without a tag, or with the tag "latest", takes whatever image the tag points to at
#   build time: builds are not reproducible and a compromised or broken upstream image is picked
#   up silently. ARG defaults declared before the first FROM are expanded; images whose reference
#   still contains a variable, stage references and scratch are not checked.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
# - https://docs.docker.com/reference/dockerfile/#from
# custom:
#   id: PAL-DF-005
#   severity: MEDIUM
#   input: dockerfile
#   remediation: Use a specific version tag (for example debian:12.7-slim), ideally with a digest.
#   compliance:
#   - cis-docker-1.6:4.2
#   - nist-800-190:4.1.5
package palisade.dockerfile.image_latest

import data.lib.docker

deny contains res if {
	some s in docker.stages
	docker.external_image(s)
	img := docker.stage_image(s)
	p := docker.image_parts(img)
	p.digest == ""
	p.tag in {"", "latest"}
	res := docker.result(s.from, _msg(s, img, p.tag))
}

_msg(s, img, "") := sprintf("FROM %s of %s has no tag and so uses the mutable latest tag", [img, docker.stage_desc(s.index)])

_msg(s, img, "latest") := sprintf("FROM %s of %s uses the mutable latest tag", [img, docker.stage_desc(s.index)])
