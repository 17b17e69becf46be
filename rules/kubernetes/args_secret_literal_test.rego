package palisade.kubernetes.args_secret_literal_test

import data.palisade.kubernetes.args_secret_literal

pod(c) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "app", "image": "nginx:1.27"}, c)]}}

test_equals_form_denied if {
	some r in args_secret_literal.deny with input as pod({"args": ["--verbose", "--db-password=hunter2hunter2"]})
	r.path == ["spec", "containers", 0, "args", 1]
}

test_two_element_form_denied if {
	some r in args_secret_literal.deny with input as pod({"args": ["--api-key", "AKexampleexample"]})
	r.path == ["spec", "containers", 0, "args", 1]
}

test_shell_script_denied if {
	c := {"command": ["sh", "-c", "mysqldump --user backup --password s3cretpw shop > /backup/shop.sql"]}
	some r in args_secret_literal.deny with input as pod(c)
	r.path == ["spec", "containers", 0, "command", 2]
}

test_safe_args_allowed if {
	args := [
		"--password-file=/run/secrets/db",
		"--token", "$(API_TOKEN)",
		"--secret-name", "db-creds",
		"--enable-token-auth",
		"--port=8080",
		"--token-ttl=3600",
	]
	count(args_secret_literal.deny) == 0 with input as pod({"args": args})
}
