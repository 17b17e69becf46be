package palisade.kubernetes.apparmor_test

import data.palisade.kubernetes.apparmor

pod(annotations, pod_sc, sc) := {
	"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": annotations},
	"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]},
}

test_unconfined_field_denied if {
	res := apparmor.deny with input as pod({}, {"appArmorProfile": {"type": "Unconfined"}}, {"appArmorProfile": {"type": "Unconfined"}})
	count(res) == 2
	paths := {r.path | some r in res}
	paths == {
		["spec", "securityContext", "appArmorProfile", "type"],
		["spec", "containers", 0, "securityContext", "appArmorProfile", "type"],
	}
}

test_unconfined_annotation_denied if {
	res := apparmor.deny with input as pod({"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}, {}, {})
	count(res) == 1
	some r in res
	r.path == ["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"]
	contains(r.msg, "\"app\"")
}

test_allowed_profiles if {
	count(apparmor.deny) == 0 with input as pod(
		{"container.apparmor.security.beta.kubernetes.io/app": "localhost/k8s-nginx", "other": "unconfined"},
		{"appArmorProfile": {"type": "RuntimeDefault"}},
		{"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-nginx"}},
	)
}

test_unset_allowed if {
	count(apparmor.deny) == 0 with input as pod({}, {}, {})
}
