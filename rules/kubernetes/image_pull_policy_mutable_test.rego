package palisade.kubernetes.image_pull_policy_mutable_test

import data.palisade.kubernetes.image_pull_policy_mutable

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image, "imagePullPolicy": "IfNotPresent"}]}}

test_denied if {
	every image in ["nginx", "nginx:latest", "nginx:edge"] {
		count(image_pull_policy_mutable.deny) == 1 with input as pod(image)
	}
}

test_path_points_at_field if {
	some r in image_pull_policy_mutable.deny with input as pod(["nginx", "nginx:latest", "nginx:edge"][0])
	r.path == ["spec", "containers", 0, "imagePullPolicy"]
}

test_allowed if {
	every image in ["nginx:1.27", "nginx@sha256:0123abcd"] {
		count(image_pull_policy_mutable.deny) == 0 with input as pod(image)
	}
}

test_always_allowed if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:latest", "imagePullPolicy": "Always"}]}}
	count(image_pull_policy_mutable.deny) == 0 with input as p
}

test_default_policy_allowed if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:latest"}]}}
	count(image_pull_policy_mutable.deny) == 0 with input as p
}

test_floating_default_policy_denied if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:stable"}]}}
	some r in image_pull_policy_mutable.deny with input as p
	r.path == ["spec", "containers", 0]
}
