package palisade.kubernetes.runtime_socket_test

import data.palisade.kubernetes.runtime_socket

pod(path) := {
	"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "builder"},
	"spec": {
		"containers": [{"name": "docker", "image": "docker:27-cli"}],
		"volumes": [{"name": "sock", "hostPath": {"path": path, "type": "Socket"}}],
	},
}

test_docker_socket_denied if {
	res := runtime_socket.deny with input as pod("/var/run/docker.sock")
	count(res) == 1
	some r in res
	r.path == ["spec", "volumes", 0, "hostPath", "path"]
}

test_other_runtimes_denied if {
	count(runtime_socket.deny) == 1 with input as pod("/run/containerd/containerd.sock")
	count(runtime_socket.deny) == 1 with input as pod("/var/run/crio/crio.sock")
	count(runtime_socket.deny) == 1 with input as pod("/var/run/")
	count(runtime_socket.deny) == 1 with input as pod("/var/snap/microk8s/common/run/containerd.sock")
}

test_unrelated_paths_allowed if {
	count(runtime_socket.deny) == 0 with input as pod("/var/run/app/app.sock")
	count(runtime_socket.deny) == 0 with input as pod("/var/lib/app")
	count(runtime_socket.deny) == 0 with input as pod("/run/systemd/journal")
}
