# METADATA
# title: Image uses the latest tag
# description: >-
#   The latest tag points at whatever was pushed last, so the same manifest can start different
#   code on different nodes or after a restart, rollbacks do not restore the previous version,
#   and a vulnerability scan of the image says nothing about what will actually run.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/#image-names
# - https://kubernetes.io/docs/concepts/configuration/overview/#container-images
# custom:
#   id: PAL-K8S-046
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Reference the image by a version tag that is never overwritten, or better by its digest (image@sha256:...).
#   compliance:
#   - nsa-cisa-1.2:secure-images
#   - nist-800-190:4.2.2
package palisade.kubernetes.image_tag_latest

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	k8s.container_image_kinds[x.container.image] == "latest"
	res := {
		"msg": sprintf("Container %q of %s uses image %q with the mutable latest tag", [x.container.name, k8s.kind_name, x.container.image]),
		"path": array.concat(x.path, ["image"]),
	}
}
