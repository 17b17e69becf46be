package palisade.kubernetes.drop_all_capabilities_test

import data.palisade.kubernetes.drop_all_capabilities

statefulset(sc) := {
	"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
	"spec": {"template": {"spec": {"containers": [{"name": "db", "image": "postgres:16", "securityContext": sc}]}}},
}

test_partial_drop_denied if {
	res := drop_all_capabilities.deny with input as statefulset({"capabilities": {"drop": ["NET_RAW"]}})
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "drop"]
}

test_missing_denied if {
	count(drop_all_capabilities.deny) == 1 with input as statefulset({})
}

test_drop_all_allowed if {
	count(drop_all_capabilities.deny) == 0 with input as statefulset({"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}})
	count(drop_all_capabilities.deny) == 0 with input as statefulset({"capabilities": {"drop": ["all"]}})
}

test_windows_node_selector_allowed if {
	inp := {"kind": "Pod", "metadata": {"name": "w"}, "spec": {"nodeSelector": {"kubernetes.io/os": "windows"}, "containers": [{"name": "app"}]}}
	count(drop_all_capabilities.deny) == 0 with input as inp
}

test_host_process_pod_allowed if {
	inp := {"kind": "Pod", "metadata": {"name": "w"}, "spec": {"securityContext": {"windowsOptions": {"hostProcess": true}}, "containers": [{"name": "app"}]}}
	count(drop_all_capabilities.deny) == 0 with input as inp
}
