package palisade.kubernetes.image_registry_implicit_test

import data.palisade.kubernetes.image_registry_implicit

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_denied if {
	every image in ["nginx:1.27", "bitnami/redis:7.2", "library/nginx"] {
		count(image_registry_implicit.deny) == 1 with input as pod(image)
	}
}

test_path_points_at_field if {
	some r in image_registry_implicit.deny with input as pod(["nginx:1.27", "bitnami/redis:7.2", "library/nginx"][0])
	r.path == ["spec", "containers", 0, "image"]
}

test_allowed if {
	every image in ["docker.io/library/nginx:1.27", "registry.example.com/team/app:1", "localhost/app:1", "localhost:5000/app:1", "ghcr.io/org/app:1", "$(IMAGE)"] {
		count(image_registry_implicit.deny) == 0 with input as pod(image)
	}
}
