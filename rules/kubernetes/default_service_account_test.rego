package palisade.kubernetes.default_service_account_test

import data.palisade.kubernetes.default_service_account

cronjob(spec) := {
	"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
	"spec": {"schedule": "@daily", "jobTemplate": {"spec": {"template": {"spec": object.union({"containers": [{"name": "job", "image": "busybox:1.36"}]}, spec)}}}},
}

test_unset_denied if {
	res := default_service_account.deny with input as cronjob({})
	count(res) == 1
	some r in res
	r.path == ["spec", "jobTemplate", "spec", "template", "spec", "serviceAccountName"]
}

test_explicit_default_denied if {
	res := default_service_account.deny with input as cronjob({"serviceAccount": "default"})
	some r in res
	r.path == ["spec", "jobTemplate", "spec", "template", "spec", "serviceAccount"]
}

test_projected_token_denied if {
	inp := cronjob({"automountServiceAccountToken": false, "volumes": [{"name": "tok", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "audience": "vault"}}]}}]})
	count(default_service_account.deny) == 1 with input as inp
}

test_dedicated_account_allowed if {
	count(default_service_account.deny) == 0 with input as cronjob({"serviceAccountName": "reporter"})
}

test_no_token_allowed if {
	count(default_service_account.deny) == 0 with input as cronjob({"automountServiceAccountToken": false})
}
