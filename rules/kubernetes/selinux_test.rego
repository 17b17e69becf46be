package palisade.kubernetes.selinux_test

import data.palisade.kubernetes.selinux

pod(pod_sc, sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_custom_type_denied if {
	res := selinux.deny with input as pod({"seLinuxOptions": {"type": "spc_t"}}, {})
	count(res) == 1
	some r in res
	r.path == ["spec", "securityContext", "seLinuxOptions", "type"]
}

test_user_and_role_denied if {
	res := selinux.deny with input as pod({}, {"seLinuxOptions": {"user": "system_u", "role": "system_r", "type": "container_t"}})
	count(res) == 2
	paths := {r.path | some r in res}
	paths == {
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "user"],
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "role"],
	}
}

test_container_types_and_level_allowed if {
	count(selinux.deny) == 0 with input as pod({"seLinuxOptions": {"level": "s0:c123,c456"}}, {"seLinuxOptions": {"type": "container_init_t"}})
	count(selinux.deny) == 0 with input as pod({}, {"seLinuxOptions": {"type": "", "user": ""}})
}

test_unset_allowed if {
	count(selinux.deny) == 0 with input as pod({}, {})
}
