package palisade.kubernetes.read_only_root_fs_test

import data.palisade.kubernetes.read_only_root_fs

pod(sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}]}}

test_false_denied if {
	res := read_only_root_fs.deny with input as pod({"readOnlyRootFilesystem": false})
	count(res) == 1
	some r in res
	r.path == ["spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"]
}

test_unset_denied if {
	count(read_only_root_fs.deny) == 1 with input as pod({})
}

test_true_allowed if {
	count(read_only_root_fs.deny) == 0 with input as pod({"readOnlyRootFilesystem": true})
}
