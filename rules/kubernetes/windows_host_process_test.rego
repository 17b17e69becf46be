package palisade.kubernetes.windows_host_process_test

import data.palisade.kubernetes.windows_host_process

daemonset(pod_sc, sc) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "win-agent"},
	"spec": {"template": {"spec": {
		"os": {"name": "windows"}, "hostNetwork": true,
		"securityContext": pod_sc,
		"containers": [{"name": "agent", "image": "agent:1", "securityContext": sc}],
	}}},
}

test_pod_host_process_denied if {
	res := windows_host_process.deny with input as daemonset({"windowsOptions": {"hostProcess": true, "runAsUserName": "NT AUTHORITY\\SYSTEM"}}, {})
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "securityContext", "windowsOptions", "hostProcess"]
}

test_container_host_process_denied if {
	res := windows_host_process.deny with input as daemonset({}, {"windowsOptions": {"hostProcess": true}})
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "containers", 0, "securityContext", "windowsOptions", "hostProcess"]
}

test_regular_windows_pod_allowed if {
	count(windows_host_process.deny) == 0 with input as daemonset({"windowsOptions": {"runAsUserName": "ContainerUser"}}, {"windowsOptions": {"hostProcess": false}})
}
