package palisade.kubernetes.env_secret_literal_test

import data.palisade.kubernetes.env_secret_literal

pod(env) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "env": env}]}}

test_literal_password_denied if {
	some r in env_secret_literal.deny with input as pod([{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": "s3cr3t-pw"}])
	r.path == ["spec", "containers", 0, "env", 1, "value"]
}

test_secret_names_denied if {
	every n in ["API_KEY", "apiKey", "GITHUB_TOKEN", "client_secret", "AWS_SECRET_ACCESS_KEY", "JWT_SIGNING_KEY", "privateKey"] {
		count(env_secret_literal.deny) == 1 with input as pod([{"name": n, "value": "Zm9vYmFyYmF6cXV4"}])
	}
}

test_secret_key_ref_allowed if {
	count(env_secret_literal.deny) == 0 with input as pod([{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}])
}

test_harmless_values_allowed if {
	env := [
		{"name": "DB_PASSWORD", "value": ""},
		{"name": "DB_PASSWORD", "value": "$(DB_PASSWORD_FROM_SECRET)"},
		{"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db-password"},
		{"name": "TOKEN_TTL", "value": "3600"},
		{"name": "TOKEN_TTL_SECONDS", "value": "3600s"},
		{"name": "SECRET_NAME", "value": "db-credentials"},
		{"name": "ENABLE_TOKEN_AUTH", "value": "true"},
		{"name": "TOKENIZERS_PARALLELISM", "value": "false"},
		{"name": "TOKENIZER_MODEL", "value": "bert-base-uncased"},
		{"name": "PASSWORD_HASHER", "value": "argon2id"},
		{"name": "TOKEN_STORAGE", "value": "redis"},
		{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAIOSFODNN7EXAMPLE"},
		{"name": "OAUTH_TOKEN_URL", "value": "https://auth.example.com/token"},
		{"name": "API_KEY", "value": "<your-api-key>"},
		{"name": "SECRET_ARN", "value": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"},
	]
	count(env_secret_literal.deny) == 0 with input as pod(env)
}
