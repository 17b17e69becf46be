package palisade.kubernetes.image_tag_latest_test

import data.palisade.kubernetes.image_tag_latest

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_denied if {
	every image in ["nginx:latest", "registry.example.com:5000/team/app:latest"] {
		count(image_tag_latest.deny) == 1 with input as pod(image)
	}
}

test_path_points_at_field if {
	some r in image_tag_latest.deny with input as pod(["nginx:latest", "registry.example.com:5000/team/app:latest"][0])
	r.path == ["spec", "containers", 0, "image"]
}

test_allowed if {
	every image in ["nginx", "nginx:1.27", "nginx:latest@sha256:0123abcd", "${IMAGE}"] {
		count(image_tag_latest.deny) == 0 with input as pod(image)
	}
}
