package palisade.kubernetes.image_tag_missing_test

import data.palisade.kubernetes.image_tag_missing

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_denied if {
	every image in ["nginx", "registry.example.com:5000/team/app", "localhost:5000/app"] {
		count(image_tag_missing.deny) == 1 with input as pod(image)
	}
}

test_path_points_at_field if {
	some r in image_tag_missing.deny with input as pod(["nginx", "registry.example.com:5000/team/app", "localhost:5000/app"][0])
	r.path == ["spec", "containers", 0, "image"]
}

test_allowed if {
	every image in ["nginx:latest", "nginx:1.27", "nginx@sha256:0123abcd", "", "{{ .Values.image }}"] {
		count(image_tag_missing.deny) == 0 with input as pod(image)
	}
}
