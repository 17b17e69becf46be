# METADATA
# title: hostPath volume
# description: >-
#   A hostPath volume mounts a file or directory of the node into the pod. It ties the pod to the
#   node, bypasses storage isolation and, depending on the path and on whether it is writable,
#   lets the container read node secrets or modify the node. The baseline Pod Security Standard
#   forbids hostPath volumes.
# related_resources:
# - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-005
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Replace the hostPath volume with a PersistentVolumeClaim, a configMap, a secret, an emptyDir
#     or a CSI volume; if node access is really needed, mount only the narrowest path and read-only.
#   compliance:
#   - cis-k8s-1.10:5.2.12
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
#   - nist-800-190:4.5.5
package palisade.kubernetes.host_path

import data.lib.kubernetes as k8s

deny contains res if {
	some v in k8s.podsec_host_paths
	res := {
		"msg": sprintf("%s mounts host path %q through hostPath volume %q", [k8s.kind_name, v.host_path, object.get(v.volume, "name", "")]),
		"path": array.concat(v.path, ["hostPath"]),
	}
}

# A hostPath volume without a path is invalid, but it still asks for node storage.
deny contains res if {
	some v in k8s.volumes
	hp := object.get(k8s.podsec_obj(v.volume), "hostPath", null)
	is_object(hp)
	not is_string(object.get(hp, "path", null))
	res := {
		"msg": sprintf("%s declares hostPath volume %q", [k8s.kind_name, object.get(v.volume, "name", "")]),
		"path": array.concat(v.path, ["hostPath"]),
	}
}
