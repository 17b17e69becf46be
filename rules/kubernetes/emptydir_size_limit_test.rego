package palisade.kubernetes.emptydir_size_limit_test

import data.palisade.kubernetes.emptydir_size_limit

pod(volume, resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}],
	"volumes": [{"name": "cfg", "configMap": {"name": "cfg"}}, volume],
}}

test_no_size_limit_denied if {
	some r in emptydir_size_limit.deny with input as pod({"name": "tmp", "emptyDir": {}}, {})
	r.path == ["spec", "volumes", 1, "emptyDir"]
}

test_null_empty_dir_denied if {
	count(emptydir_size_limit.deny) == 1 with input as pod({"name": "tmp", "emptyDir": null}, {})
}

test_memory_medium_needs_memory_limit if {
	v := {"name": "tmp", "emptyDir": {"medium": "Memory"}}
	count(emptydir_size_limit.deny) == 1 with input as pod(v, {"limits": {"ephemeral-storage": "1Gi"}})
	count(emptydir_size_limit.deny) == 0 with input as pod(v, {"limits": {"memory": "256Mi"}})
}

test_size_limit_allowed if {
	count(emptydir_size_limit.deny) == 0 with input as pod({"name": "tmp", "emptyDir": {"sizeLimit": "500Mi"}}, {})
}

test_container_limits_allowed if {
	count(emptydir_size_limit.deny) == 0 with input as pod({"name": "tmp", "emptyDir": {}}, {"limits": {"ephemeral-storage": "2Gi"}})
}
