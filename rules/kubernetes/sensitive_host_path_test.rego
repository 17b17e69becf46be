package palisade.kubernetes.sensitive_host_path_test

import data.palisade.kubernetes.sensitive_host_path

daemonset(paths) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
	"spec": {"template": {"spec": {
		"containers": [{"name": "agent", "image": "agent:1.0"}],
		"volumes": [{"name": sprintf("v%d", [i]), "hostPath": {"path": p}} | some i, p in paths],
	}}},
}

test_root_denied if {
	res := sensitive_host_path.deny with input as daemonset(["/"])
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "volumes", 0, "hostPath", "path"]
}

test_trees_and_exact_dirs_denied if {
	count(sensitive_host_path.deny) == 7 with input as daemonset([
		"/etc", "/proc", "/sys/fs/cgroup", "/var/lib/kubelet/pods", "//etc//kubernetes/",
		"/root/.ssh", "/var/lib/docker",
	])
}

test_ordinary_paths_allowed if {
	count(sensitive_host_path.deny) == 0 with input as daemonset([
		"/var/log", "/etc/ssl/certs", "/data/app", "/mnt/disks/ssd0", "/var/lib/app-cache",
		"/etcd-backup", "/procfs-snapshot",
	])
}
