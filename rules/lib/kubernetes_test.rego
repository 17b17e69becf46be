package lib.kubernetes_test

import data.lib.kubernetes as k8s

deployment := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"spec": {
		"securityContext": {"runAsNonRoot": true},
		"initContainers": [{"name": "init", "image": "busybox"}],
		"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"runAsNonRoot": false}}],
	}}},
}

test_containers_of_deployment if {
	paths := {x.path | some x in k8s.containers} with input as deployment
	paths == {["spec", "template", "spec", "initContainers", 0], ["spec", "template", "spec", "containers", 0]}
}

test_cronjob_pod_spec if {
	cj := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "x"}]}}}}}}
	k8s.pod_spec_path == ["spec", "jobTemplate", "spec", "template", "spec"] with input as cj
	count(k8s.containers) == 1 with input as cj
}

test_container_sc_prefers_container if {
	c := deployment.spec.template.spec.containers[0]
	k8s.container_sc(c, "runAsNonRoot") == false with input as deployment
}

test_container_sc_falls_back_to_pod if {
	c := deployment.spec.template.spec.initContainers[0]
	k8s.container_sc(c, "runAsNonRoot") == true with input as deployment
}

test_non_workload_has_no_containers if {
	count(k8s.containers) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}}
}

test_image_parts if {
	k8s.image_parts("nginx") == {"name": "nginx", "tag": "", "digest": ""}
	k8s.image_parts("registry:5000/team/app:1.2") == {"name": "registry:5000/team/app", "tag": "1.2", "digest": ""}
	k8s.image_parts("app@sha256:ab") == {"name": "app", "tag": "", "digest": "sha256:ab"}
}
