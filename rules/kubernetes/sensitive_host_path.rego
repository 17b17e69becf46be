# METADATA
# title: Sensitive host path mounted
# description: >-
#   The pod mounts a node directory that holds the node's configuration, credentials, kernel
#   interfaces or binaries: the root filesystem, /etc, /proc, /sys, /boot, /root, the kubelet and
#   etcd data directories, the container runtime's storage and similar. Even read-only such a
#   mount exposes secrets (kubelet credentials, other pods' tokens, SSH keys); writable it is a
#   direct path to taking over the node.
# related_resources:
# - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-006
#   severity: CRITICAL
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Do not mount system directories of the node. Get the data the workload needs through the
#     Kubernetes API, a CSI driver or a narrowly scoped, read-only path instead.
#   compliance:
#   - cis-k8s-1.10:5.2.12
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
#   - nist-800-190:4.5.5
package palisade.kubernetes.sensitive_host_path

import data.lib.kubernetes as k8s

# Directories that are sensitive themselves (a mount of one of their subdirectories may be fine,
# e.g. /var/log or /etc/ssl/certs).
_exact := {
	"/", "/bin", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/sbin", "/usr", "/usr/bin",
	"/usr/sbin", "/usr/lib", "/usr/local/bin", "/var", "/var/lib", "/var/lib/docker",
	"/var/lib/containerd", "/var/lib/containers",
}

# Directories and files that are sensitive together with everything below them.
_trees := {
	"/proc", "/sys", "/boot", "/root", "/home",
	"/etc/kubernetes", "/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d",
	"/etc/ssh", "/etc/crontab", "/etc/cron.d", "/etc/systemd", "/etc/docker",
	"/etc/containerd", "/etc/crio", "/var/lib/kubelet", "/var/lib/etcd", "/var/lib/rancher",
	"/var/lib/k0s", "/var/snap/microk8s", "/var/spool/cron",
	"/var/lib/docker/overlay2", "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs",
}

sensitive(p) if p in _exact

sensitive(p) if {
	some dir in _trees
	k8s.podsec_under(p, dir)
}

deny contains res if {
	some v in k8s.podsec_host_paths
	sensitive(v.host_path)
	res := {
		"msg": sprintf("%s mounts the sensitive host path %q (volume %q)", [k8s.kind_name, v.host_path, object.get(v.volume, "name", "")]),
		"path": array.concat(v.path, ["hostPath", "path"]),
	}
}
