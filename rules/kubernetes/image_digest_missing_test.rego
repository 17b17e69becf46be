package palisade.kubernetes.image_digest_missing_test

import data.palisade.kubernetes.image_digest_missing

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_denied if {
	every image in ["nginx:1.27", "registry.example.com:5000/team/app:2.0.1"] {
		count(image_digest_missing.deny) == 1 with input as pod(image)
	}
}

test_path_points_at_field if {
	some r in image_digest_missing.deny with input as pod(["nginx:1.27", "registry.example.com:5000/team/app:2.0.1"][0])
	r.path == ["spec", "containers", 0, "image"]
}

test_allowed if {
	every image in ["nginx", "nginx:latest", "nginx:stable", "nginx:1.27@sha256:0123abcd", "nginx@sha256:0123abcd"] {
		count(image_digest_missing.deny) == 0 with input as pod(image)
	}
}
