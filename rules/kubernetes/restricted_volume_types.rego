# METADATA
# title: Volume type not allowed by the restricted profile
# description: >-
#   The restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir,
#   ephemeral, persistentVolumeClaim, projected and secret volumes. Other in-tree types (nfs,
#   iscsi, rbd, cephfs, gitRepo, cloud disks ...) let the pod author reach storage directly,
#   bypassing the PersistentVolume layer that administrators control. hostPath volumes are
#   reported by PAL-K8S-005.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# - https://kubernetes.io/docs/concepts/storage/volumes/
# custom:
#   id: PAL-K8S-028
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Expose the storage through a PersistentVolume and reference it with a persistentVolumeClaim
#     (or use a CSI driver).
#   compliance:
#   - pss:restricted
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.restricted_volume_types

import data.lib.kubernetes as k8s

_allowed := {
	"name", "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
	"persistentVolumeClaim", "projected", "secret",
	"hostPath", # reported by PAL-K8S-005
}

deny contains res if {
	some v in k8s.volumes
	some key, _ in k8s.podsec_obj(v.volume)
	not key in _allowed
	res := {
		"msg": sprintf("Volume %q of %s is of type %s, which the restricted Pod Security Standard does not allow", [object.get(v.volume, "name", ""), k8s.kind_name, key]),
		"path": array.concat(v.path, [key]),
	}
}
