package palisade.kubernetes.cap_sys_admin_test

import data.palisade.kubernetes.cap_sys_admin

job(add) := {
	"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
	"spec": {"template": {"spec": {
		"initContainers": [{"name": "mount", "image": "busybox:1.36", "securityContext": {"capabilities": {"add": add}}}],
		"containers": [{"name": "app", "image": "busybox:1.36"}],
	}}},
}

test_sys_admin_denied if {
	res := cap_sys_admin.deny with input as job(["NET_BIND_SERVICE", "SYS_ADMIN"])
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "initContainers", 0, "securityContext", "capabilities", "add", 1]
}

test_prefixed_lower_case_denied if {
	count(cap_sys_admin.deny) == 1 with input as job(["cap_sys_admin"])
}

test_other_capabilities_allowed if {
	count(cap_sys_admin.deny) == 0 with input as job(["NET_BIND_SERVICE", "CHOWN"])
}
