# METADATA
# title: hostPath volume mounted read-write
# description: >-
#   A container mounts a hostPath volume without readOnly: true, so it can create, change and
#   delete files on the node. Depending on the path that lets it plant binaries or cron jobs,
#   alter kubelet or runtime state, fill the node's disk, or use symlinks to reach files outside
#   the mounted directory.
# related_resources:
# - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-036
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Set readOnly: true on the volumeMount (and avoid the hostPath volume altogether where
#     possible); write data to an emptyDir or a PersistentVolumeClaim instead.
#   compliance:
#   - cis-k8s-1.10:5.2.12
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.5.5
package palisade.kubernetes.writable_host_path

import data.lib.kubernetes as k8s

# host_volumes maps the name of each hostPath volume to its host path.
host_volumes[name] := v.host_path if {
	some v in k8s.podsec_host_paths
	name := v.volume.name
}

deny contains res if {
	count(host_volumes) > 0
	some x in k8s.containers
	some j, m in k8s.podsec_list(object.get(x.container, "volumeMounts", []))
	mount := k8s.podsec_obj(m)
	host := host_volumes[mount.name]
	not mount.readOnly == true
	res := {
		"msg": sprintf("Container %q of %s mounts host path %q writable at %q", [x.container.name, k8s.kind_name, host, object.get(mount, "mountPath", "")]),
		"path": array.concat(x.path, ["volumeMounts", j, "readOnly"]),
	}
}
