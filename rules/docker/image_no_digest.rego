# METADATA
# title: Base image not pinned by digest
# description: >-
#   A tag can be moved to another image at any time; only a digest (image@sha256:...) names one
#   exact image. Without it, rebuilding the same Dockerfile can silently produce a different image.
#   Images without a tag or with "latest" are reported by PAL-DF-005 instead; stage references,
#   scratch and references with unresolved variables are not checked.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
# - https://docs.docker.com/reference/dockerfile/#from
# custom:
#   id: PAL-DF-006
#   severity: LOW
#   input: dockerfile
#   remediation: >-
#     Pin the base image by digest, for example FROM alpine:3.20@sha256:<digest>, and let a
#     dependency bot update it.
#   compliance:
#   - cis-docker-1.6:4.2
#   - nist-800-190:4.1.5
package palisade.dockerfile.image_no_digest

import data.lib.docker

deny contains res if {
	some s in docker.stages
	docker.external_image(s)
	img := docker.stage_image(s)
	p := docker.image_parts(img)
	p.digest == ""
	not p.tag in {"", "latest"}
	res := docker.result(s.from, sprintf("FROM %s of %s is pinned by tag only, not by digest", [img, docker.stage_desc(s.index)]))
}
