# METADATA
# title: Image from an implicit registry
# description: >-
#   An image reference without a registry host (nginx:1.27, team/app:2.0) is pulled from
#   Docker Hub, or from whatever registry mirror the node's runtime is configured with, rather
#   than from a registry the team controls. Public images can be renamed, rewritten or
#   typo-squatted, and Docker Hub rate limits can stop pods from starting.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/#image-names
# custom:
#   id: PAL-K8S-060
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Name the registry explicitly and pull from a registry you trust and control, for example a mirror of the public images you use.
#   compliance:
#   - cis-k8s-1.10:5.5.1
#   - nsa-cisa-1.2:secure-images
#   - nist-800-190:4.1.5
package palisade.kubernetes.image_registry_implicit

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	k8s.container_images_implicit[x.container.image]
	res := {
		"msg": sprintf("Container %q of %s uses image %q without a registry host, so it is pulled from Docker Hub", [x.container.name, k8s.kind_name, x.container.image]),
		"path": array.concat(x.path, ["image"]),
	}
}
