package palisade.kubernetes.secret_in_manifest_test

import data.palisade.kubernetes.secret_in_manifest

test_data_denied if {
	s := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, "type": "Opaque", "data": {"password": "aHVudGVyMg=="}}
	some r in secret_in_manifest.deny with input as s
	r.path == ["data"]
}

test_string_data_denied if {
	s := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, "stringData": {"password": "hunter2"}}
	count(secret_in_manifest.deny) == 1 with input as s
}

test_applied_cluster_secret_denied if {
	s := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "uid": "1", "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}}, "data": {"password": "aHVudGVyMg=="}}
	count(secret_in_manifest.deny) == 1 with input as s
}

test_empty_allowed if {
	s := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, "type": "Opaque"}
	count(secret_in_manifest.deny) == 0 with input as s
}

test_generated_allowed if {
	every s in [
		{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "t"}, "type": "kubernetes.io/service-account-token", "data": {"token": "eA=="}},
		{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "t", "ownerReferences": [{"kind": "SealedSecret", "name": "t"}]}, "data": {"token": "eA=="}},
		{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "t", "uid": "1"}, "type": "kubernetes.io/tls", "data": {"tls.key": "eA=="}},
	] {
		count(secret_in_manifest.deny) == 0 with input as s
	}
}
