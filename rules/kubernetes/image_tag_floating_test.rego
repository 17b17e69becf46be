package palisade.kubernetes.image_tag_floating_test

import data.palisade.kubernetes.image_tag_floating

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_denied if {
	every image in ["nginx:stable", "nginx:mainline-latest", "app:1.2-SNAPSHOT", "app:nightly"] {
		count(image_tag_floating.deny) == 1 with input as pod(image)
	}
}

test_path_points_at_field if {
	some r in image_tag_floating.deny with input as pod(["nginx:stable", "nginx:mainline-latest", "app:1.2-SNAPSHOT", "app:nightly"][0])
	r.path == ["spec", "containers", 0, "image"]
}

test_allowed if {
	every image in ["nginx:latest", "nginx", "nginx:1.27", "nginx:stable@sha256:0123abcd", "nginx:stable-alpine3.20"] {
		count(image_tag_floating.deny) == 0 with input as pod(image)
	}
}
