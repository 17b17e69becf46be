# METADATA
# title: Mutable image tag with a cached pull policy
# description: >-
#   With imagePullPolicy IfNotPresent or Never, a node runs whatever copy of a latest,
#   untagged or branch-style image it pulled earlier, so pods of one workload run different
#   code on different nodes, and pods reuse a private image already on the node without the
#   registry checking their pull credentials. Kubernetes defaults to Always only for latest
#   and untagged images; a branch-style tag such as stable gets IfNotPresent when the policy
#   is not set.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
# - https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages
# custom:
#   id: PAL-K8S-049
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Pin the image to a fixed version or digest, or set imagePullPolicy to Always.
#   compliance:
#   - nsa-cisa-1.2:secure-images
#   - nist-800-190:4.2.2
package palisade.kubernetes.image_pull_policy_mutable

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	k8s.container_image_kinds[x.container.image] in {"none", "latest", "floating"}
	policy := x.container.imagePullPolicy
	policy in {"IfNotPresent", "Never"}
	res := {
		"msg": sprintf("Container %q of %s uses the mutable image %q with imagePullPolicy %s", [x.container.name, k8s.kind_name, x.container.image, policy]),
		"path": array.concat(x.path, ["imagePullPolicy"]),
	}
}

deny contains res if {
	some x in k8s.containers
	k8s.container_image_kinds[x.container.image] == "floating"
	not k8s.has_key(x.container, "imagePullPolicy")
	res := {
		"msg": sprintf("Container %q of %s uses the mutable image %q with the default imagePullPolicy IfNotPresent", [x.container.name, k8s.kind_name, x.container.image]),
		"path": x.path,
	}
}
