# METADATA
# title: Role can create PersistentVolumes
# description: >-
#   A PersistentVolume can be a hostPath volume; whoever can create one and a pod that claims it
#   mounts any directory of the node, regardless of the Pod Security level of the namespace.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation
# custom:
#   id: PAL-K8S-091
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove create on persistentvolumes; provision volumes through StorageClasses and
#     PersistentVolumeClaims instead.
#   compliance:
#   - cis-k8s-1.10:5.1.9
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_create_persistentvolumes

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"persistentvolumes"}, {"create"})
	res := {
		"msg": sprintf("%s can create PersistentVolumes (%s) in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
