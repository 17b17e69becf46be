package palisade.kubernetes.host_network_test

import data.palisade.kubernetes.host_network

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": object.union({"containers": [{"name": "app", "image": "nginx:1.27"}]}, spec)}

cronjob(spec) := {
	"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
	"spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": object.union({"containers": [{"name": "job", "image": "busybox:1.36"}]}, spec)}}}},
}

test_denied if {
	res := host_network.deny with input as pod({"hostNetwork": true})
	count(res) == 1
	some r in res
	r.path == ["spec", "hostNetwork"]
}

test_denied_in_cronjob if {
	res := host_network.deny with input as cronjob({"hostNetwork": true})
	some r in res
	r.path == ["spec", "jobTemplate", "spec", "template", "spec", "hostNetwork"]
}

test_false_allowed if {
	count(host_network.deny) == 0 with input as pod({"hostNetwork": false})
}

test_unset_allowed if {
	count(host_network.deny) == 0 with input as pod({})
}
