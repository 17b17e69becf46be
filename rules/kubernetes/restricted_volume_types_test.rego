package palisade.kubernetes.restricted_volume_types_test

import data.palisade.kubernetes.restricted_volume_types

pod(volumes) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "volumes": volumes}}

test_nfs_denied if {
	res := restricted_volume_types.deny with input as pod([
		{"name": "cfg", "configMap": {"name": "cfg"}},
		{"name": "share", "nfs": {"server": "nfs.example.com", "path": "/exports"}},
	])
	count(res) == 1
	some r in res
	r.path == ["spec", "volumes", 1, "nfs"]
}

test_several_denied if {
	count(restricted_volume_types.deny) == 3 with input as pod([
		{"name": "a", "gitRepo": {"repository": "https://example.com/r.git"}},
		{"name": "b", "awsElasticBlockStore": {"volumeID": "vol-1"}},
		{"name": "c", "flexVolume": {"driver": "example/driver"}},
	])
}

test_allowed_types if {
	count(restricted_volume_types.deny) == 0 with input as pod([
		{"name": "a", "configMap": {"name": "a"}},
		{"name": "b", "secret": {"secretName": "b"}},
		{"name": "c", "emptyDir": {"medium": "Memory"}},
		{"name": "d", "persistentVolumeClaim": {"claimName": "d"}},
		{"name": "e", "projected": {"sources": []}},
		{"name": "f", "downwardAPI": {"items": []}},
		{"name": "g", "csi": {"driver": "secrets-store.csi.k8s.io"}},
		{"name": "h", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}},
	])
}

test_host_path_left_to_its_rule if {
	count(restricted_volume_types.deny) == 0 with input as pod([{"name": "h", "hostPath": {"path": "/data"}}])
}
