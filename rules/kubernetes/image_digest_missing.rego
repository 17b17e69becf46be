# METADATA
# title: Image not pinned by digest
# description: >-
#   A tag can be moved to another image at any time, by the publisher or by anyone who gains
#   push access to the repository; only a digest names exactly the image that was built,
#   scanned and approved. Images with no tag, the latest tag or a branch-style tag are
#   reported by their own rules instead.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: PAL-K8S-048
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Reference the image by digest, optionally keeping the tag for readers (registry/app:1.4.2@sha256:...).
#   compliance:
#   - cis-k8s-1.10:5.5.1
#   - nsa-cisa-1.2:secure-images
#   - nist-800-190:4.1.5
package palisade.kubernetes.image_digest_missing

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	k8s.container_image_kinds[x.container.image] == "fixed"
	res := {
		"msg": sprintf("Container %q of %s uses image %q by tag rather than by digest", [x.container.name, k8s.kind_name, x.container.image]),
		"path": array.concat(x.path, ["image"]),
	}
}
