package palisade.kubernetes_set.automount_sa_token_test

import data.palisade.kubernetes_set.automount_sa_token

deployment(spec) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": object.union({"containers": [{"name": "app", "image": "nginx:1.27"}]}, spec)}},
}

sa(name, ns, automount) := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": ns}, "automountServiceAccountToken": automount}

test_unset_denied if {
	res := automount_sa_token.deny with input as {"objects": [deployment({})]}
	count(res) == 1
	some r in res
	r.object == 0
	r.path == ["spec", "template", "spec", "automountServiceAccountToken"]
	contains(r.msg, "\"default\"")
}

test_explicit_true_denied_even_if_sa_disables if {
	res := automount_sa_token.deny with input as {"objects": [sa("web", "shop", false), deployment({"serviceAccountName": "web", "automountServiceAccountToken": true})]}
	count(res) == 1
	some r in res
	r.object == 1
	contains(r.msg, "automountServiceAccountToken: true")
}

test_sa_in_other_namespace_does_not_count if {
	count(automount_sa_token.deny) == 1 with input as {"objects": [sa("web", "other", false), deployment({"serviceAccountName": "web"})]}
}

test_pod_false_allowed if {
	count(automount_sa_token.deny) == 0 with input as {"objects": [deployment({"automountServiceAccountToken": false})]}
}

test_sa_false_allowed if {
	count(automount_sa_token.deny) == 0 with input as {"objects": [deployment({"serviceAccountName": "web"}), sa("web", "shop", false)]}
}

test_non_workloads_ignored if {
	count(automount_sa_token.deny) == 0 with input as {"objects": [sa("web", "shop", true), {"kind": "Service", "metadata": {"name": "s"}}]}
}
