package palisade.kubernetes.privilege_escalation_test

import data.palisade.kubernetes.privilege_escalation

pod(sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_true_denied if {
	res := privilege_escalation.deny with input as pod({"allowPrivilegeEscalation": true})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"]
	contains(r.msg, "allows privilege escalation")
}

test_unset_denied if {
	res := privilege_escalation.deny with input as pod({"runAsNonRoot": true})
	count(res) == 1
	some r in res
	contains(r.msg, "does not set")
}

test_false_allowed if {
	count(privilege_escalation.deny) == 0 with input as pod({"allowPrivilegeEscalation": false})
}

test_windows_allowed if {
	count(privilege_escalation.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "w"}, "spec": {"os": {"name": "Windows"}, "containers": [{"name": "app"}]}}
}
