# METADATA
# title: Container runtime socket mounted
# description: >-
#   The pod mounts the socket of the container runtime (Docker, containerd, CRI-O, Podman) or the
#   run directory that holds it. Whoever can talk to that socket can start a privileged container
#   with the node's filesystem mounted, so the pod effectively has root on the node.
# related_resources:
# - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-007
#   severity: CRITICAL
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Do not mount the runtime socket. Build images with a daemonless builder (BuildKit rootless,
#     kaniko, buildah) and read container metadata through the Kubernetes API.
#   compliance:
#   - cis-k8s-1.10:5.2.12
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
#   - nist-800-190:4.5.5
package palisade.kubernetes.runtime_socket

import data.lib.kubernetes as k8s

_sockets := {
	"docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "dockershim.sock",
	"podman.sock", "containerd-shim.sock",
}

# Run directories that contain a runtime socket.
_dirs := {
	"/run", "/var/run", "/run/docker", "/var/run/docker", "/run/containerd", "/var/run/containerd",
	"/run/crio", "/var/run/crio", "/run/podman", "/var/run/podman", "/run/k3s/containerd",
	"/run/k0s", "/var/run/cri-dockerd",
}

runtime_socket(p) if p in _dirs

runtime_socket(p) if {
	parts := split(p, "/")
	parts[count(parts) - 1] in _sockets
}

deny contains res if {
	some v in k8s.podsec_host_paths
	runtime_socket(v.host_path)
	res := {
		"msg": sprintf("%s mounts the container runtime socket path %q (volume %q)", [k8s.kind_name, v.host_path, object.get(v.volume, "name", "")]),
		"path": array.concat(v.path, ["hostPath", "path"]),
	}
}
