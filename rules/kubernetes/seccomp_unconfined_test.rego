package palisade.kubernetes.seccomp_unconfined_test

import data.palisade.kubernetes.seccomp_unconfined

deployment(annotations, pod_sc, sc) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {
		"metadata": {"annotations": annotations},
		"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]},
	}},
}

test_unconfined_denied if {
	res := seccomp_unconfined.deny with input as deployment({}, {"seccompProfile": {"type": "Unconfined"}}, {"seccompProfile": {"type": "Unconfined"}})
	count(res) == 2
	paths := {r.path | some r in res}
	paths == {
		["spec", "template", "spec", "securityContext", "seccompProfile", "type"],
		["spec", "template", "spec", "containers", 0, "securityContext", "seccompProfile", "type"],
	}
}

test_legacy_annotation_denied if {
	res := seccomp_unconfined.deny with input as deployment({"container.seccomp.security.alpha.kubernetes.io/app": "unconfined"}, {}, {})
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "metadata", "annotations", "container.seccomp.security.alpha.kubernetes.io/app"]
}

test_runtime_default_allowed if {
	count(seccomp_unconfined.deny) == 0 with input as deployment({"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}, {"seccompProfile": {"type": "RuntimeDefault"}}, {})
}

test_unset_allowed if {
	count(seccomp_unconfined.deny) == 0 with input as deployment({}, {}, {})
}
