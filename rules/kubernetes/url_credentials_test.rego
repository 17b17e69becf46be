package palisade.kubernetes.url_credentials_test

import data.palisade.kubernetes.url_credentials

pod(c) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "app", "image": "nginx:1.27"}, c)]}}

test_env_url_denied if {
	some r in url_credentials.deny with input as pod({"env": [{"name": "DATABASE_URL", "value": "postgres://app:Pa55word@db:5432/app"}]})
	r.path == ["spec", "containers", 0, "env", 0, "value"]
}

test_args_url_denied if {
	some r in url_credentials.deny with input as pod({"args": ["--broker", "amqp://guest:guest@rabbitmq:5672/"]})
	r.path == ["spec", "containers", 0, "args", 1]
}

test_configmap_url_denied if {
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"settings.py": "BROKER = 'redis://:s3cret@redis:6379/0'\n"}}
	count(url_credentials.deny) == 1 with input as cm
}

test_safe_urls_allowed if {
	env := [
		{"name": "DATABASE_URL", "value": "postgres://app@db:5432/app"},
		{"name": "DATABASE_URL2", "value": "postgres://app:$(DB_PASSWORD)@db:5432/app"},
		{"name": "DATABASE_URL3", "value": "postgres://app:${DB_PASSWORD}@db:5432/app"},
		{"name": "DOCS", "value": "https://example.com:8443/path"},
		{"name": "MASKED", "value": "postgres://app:****@db/app"},
	]
	count(url_credentials.deny) == 0 with input as pod({"env": env})
}
