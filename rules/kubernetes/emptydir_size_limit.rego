# METADATA
# title: emptyDir volume without a size limit
# description: >-
#   An emptyDir volume without sizeLimit can grow until the node's disk (or, with medium
#   Memory, the node's RAM) is exhausted, evicting other pods or destabilising the node.
#   Volumes whose growth is already bounded by limits on every container of the pod
#   (ephemeral-storage for disk, memory for medium Memory) are not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
# - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
# custom:
#   id: PAL-K8S-062
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set emptyDir.sizeLimit to the most the volume should hold, or set ephemeral-storage (memory for medium Memory) limits on every container.
#   compliance:
#   - nsa-cisa-1.2:resource-policies
package palisade.kubernetes.emptydir_size_limit

import data.lib.kubernetes as k8s

deny contains res if {
	some v in k8s.volumes
	ed := v.volume.emptyDir
	is_object(ed)
	k8s.zero_quantity(object.get(ed, "sizeLimit", ""))
	resource := _bounding_resource(object.get(ed, "medium", ""))
	not _all_limited(resource)
	res := {
		"msg": sprintf("emptyDir volume %q of %s has no sizeLimit", [v.volume.name, k8s.kind_name]),
		"path": array.concat(v.path, ["emptyDir"]),
	}
}

deny contains res if {
	some v in k8s.volumes
	ed := v.volume.emptyDir
	ed == null
	not _all_limited("ephemeral-storage")
	res := {
		"msg": sprintf("emptyDir volume %q of %s has no sizeLimit", [v.volume.name, k8s.kind_name]),
		"path": array.concat(v.path, ["emptyDir"]),
	}
}

_bounding_resource("Memory") := "memory"

_bounding_resource(m) := "ephemeral-storage" if m != "Memory"

_all_limited(resource) if {
	count(k8s.resource_containers) > 0
	every x in k8s.resource_containers {
		x.res.limits[resource]
	}
}
