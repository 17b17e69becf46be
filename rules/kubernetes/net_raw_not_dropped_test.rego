package palisade.kubernetes.net_raw_not_dropped_test

import data.palisade.kubernetes.net_raw_not_dropped

pod(caps) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"capabilities": caps}}]}}

test_not_dropped_denied if {
	res := net_raw_not_dropped.deny with input as pod({"drop": ["SYS_ADMIN"]})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "capabilities", "drop"]
}

test_missing_security_context_denied if {
	count(net_raw_not_dropped.deny) == 1 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}
}

test_added_back_denied if {
	res := net_raw_not_dropped.deny with input as pod({"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "NET_RAW"]})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "capabilities", "add", 1]
}

test_dropped_allowed if {
	count(net_raw_not_dropped.deny) == 0 with input as pod({"drop": ["NET_RAW"]})
	count(net_raw_not_dropped.deny) == 0 with input as pod({"drop": ["all"]})
	count(net_raw_not_dropped.deny) == 0 with input as pod({"drop": ["CAP_NET_RAW"]})
}

test_windows_pod_allowed if {
	count(net_raw_not_dropped.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"os": {"name": "windows"}, "containers": [{"name": "app"}]}}
}
