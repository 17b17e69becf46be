package palisade.kubernetes.host_pid_test

import data.palisade.kubernetes.host_pid

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": object.union({"containers": [{"name": "app", "image": "nginx:1.27"}]}, spec)}

cronjob(spec) := {
	"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
	"spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": object.union({"containers": [{"name": "job", "image": "busybox:1.36"}]}, spec)}}}},
}

test_denied if {
	res := host_pid.deny with input as pod({"hostPID": true})
	count(res) == 1
	some r in res
	r.path == ["spec", "hostPID"]
}

test_denied_in_cronjob if {
	res := host_pid.deny with input as cronjob({"hostPID": true})
	some r in res
	r.path == ["spec", "jobTemplate", "spec", "template", "spec", "hostPID"]
}

test_false_allowed if {
	count(host_pid.deny) == 0 with input as pod({"hostPID": false})
}

test_unset_allowed if {
	count(host_pid.deny) == 0 with input as pod({})
}
