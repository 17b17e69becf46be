# METADATA
# title: Image without a tag
# description: >-
#   An image reference with neither a tag nor a digest means the latest tag: whatever was
#   pushed last runs, different nodes can run different code, and the version deployed cannot
#   be told from the manifest.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: PAL-K8S-047
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Add a version tag that is never overwritten to the image, or reference it by digest (image@sha256:...).
#   compliance:
#   - nsa-cisa-1.2:secure-images
#   - nist-800-190:4.2.2
package palisade.kubernetes.image_tag_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	k8s.container_image_kinds[x.container.image] == "none"
	res := {
		"msg": sprintf("Container %q of %s uses image %q without a tag, which means latest", [x.container.name, k8s.kind_name, x.container.image]),
		"path": array.concat(x.path, ["image"]),
	}
}
