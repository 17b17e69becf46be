package palisade.kubernetes.secret_env_vars_test

import data.palisade.kubernetes.secret_env_vars

pod(c) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "app", "image": "nginx:1.27"}, c)]}}

test_secret_key_ref_denied if {
	some r in secret_env_vars.deny with input as pod({"env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]})
	r.path == ["spec", "containers", 0, "env", 0, "valueFrom", "secretKeyRef"]
}

test_env_from_secret_denied if {
	some r in secret_env_vars.deny with input as pod({"envFrom": [{"configMapRef": {"name": "cfg"}}, {"secretRef": {"name": "db"}}]})
	r.path == ["spec", "containers", 0, "envFrom", 1, "secretRef"]
}

test_config_map_allowed if {
	c := {
		"env": [{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "mode"}}}],
		"envFrom": [{"configMapRef": {"name": "cfg"}}],
		"volumeMounts": [{"name": "db", "mountPath": "/run/secrets/db", "readOnly": true}],
	}
	count(secret_env_vars.deny) == 0 with input as pod(c)
}
