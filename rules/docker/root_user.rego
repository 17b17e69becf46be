# METADATA
# title: Image runs as root
# description: >-
#   The user a container starts as is the last USER instruction of the final stage (or of the
#   stages it is built on). Without one, or when it is root, every process of the container runs
#   as UID 0, so a compromised application has root rights inside the container and an easier
#   path to the host through kernel or runtime flaws.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#user
# - https://docs.docker.com/build/building/best-practices/#user
# custom:
#   id: PAL-DF-001
#   severity: HIGH
#   input: dockerfile
#   remediation: >-
#     Create an unprivileged user (or use a numeric UID such as 10001) and switch to it with USER
#     as the last USER instruction of the final stage.
#   compliance:
#   - cis-docker-1.6:4.1
#   - nist-800-190:4.1.2
package palisade.dockerfile.root_user

import data.lib.docker

_root_names := {"root", "0", "containeradministrator"}

_is_root(u) if lower(u) in _root_names

_is_root(u) if {
	some n in _root_names
	startswith(lower(u), concat("", [n, ":"]))
}

# Base images built to run unprivileged (for example distroless ":nonroot").
_nonroot_base(s) if contains(lower(docker.image_parts(docker.stage_image(s)).tag), "nonroot")

deny contains res if {
	u := docker.image_user
	_is_root(trim_space(docker.unquote(u.value[0])))
	res := docker.result(u, sprintf("USER %s is the last user set for the image, so the container runs as root", [u.value[0]]))
}

deny contains res if {
	not docker.image_user
	s := docker.final_stage
	not _nonroot_base(s)
	res := docker.result(s.from, sprintf("The final %s (FROM %s) sets no USER, so the container runs as root unless the base image sets another user", [docker.stage_desc(s.index), s.image]))
}
