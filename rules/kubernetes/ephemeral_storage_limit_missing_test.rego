package palisade.kubernetes.ephemeral_storage_limit_missing_test

import data.palisade.kubernetes.ephemeral_storage_limit_missing

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}]}}

test_missing_denied if {
	some r in ephemeral_storage_limit_missing.deny with input as pod({"limits": {"memory": "1Gi"}})
	r.path == ["spec", "containers", 0, "resources", "limits", "ephemeral-storage"]
}

test_request_only_denied if {
	count(ephemeral_storage_limit_missing.deny) == 1 with input as pod({"requests": {"ephemeral-storage": "1Gi"}})
}

test_set_allowed if {
	count(ephemeral_storage_limit_missing.deny) == 0 with input as pod({"limits": {"ephemeral-storage": "2Gi"}})
}
