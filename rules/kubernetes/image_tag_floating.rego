# METADATA
# title: Image uses a branch-style tag
# description: >-
#   Tags such as stable, main, edge, nightly or *-latest are moved to a new image on every
#   build, just like latest: the manifest does not say which code runs, nodes can run
#   different builds, and rollbacks do not restore the previous version.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: PAL-K8S-077
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Reference the image by a version tag that is never overwritten, or by its digest.
#   compliance:
#   - nsa-cisa-1.2:secure-images
#   - nist-800-190:4.2.2
package palisade.kubernetes.image_tag_floating

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	k8s.container_image_kinds[x.container.image] == "floating"
	res := {
		"msg": sprintf("Container %q of %s uses image %q with a tag that moves to every new build", [x.container.name, k8s.kind_name, x.container.image]),
		"path": array.concat(x.path, ["image"]),
	}
}
