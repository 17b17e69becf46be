package palisade.kubernetes.configmap_secrets_test

import data.palisade.kubernetes.configmap_secrets

cm(d) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": d}

test_secret_key_denied if {
	some r in configmap_secrets.deny with input as cm({"log_level": "info", "db_password": "hunter2hunter2"})
	r.path == ["data", "db_password"]
}

test_embedded_config_denied if {
	every text in [
		"[server]\nport = 8080\nadmin_password = Sup3rS3cret\n",
		"db:\n  host: db\n  password: \"Sup3rS3cret\"\n",
		"{\n  \"apiKey\": \"AIzaSyExampleExample\",\n  \"region\": \"eu\"\n}\n",
		"export GITHUB_TOKEN=ghp_exampleexampleexample\n",
	] {
		count(configmap_secrets.deny) == 1 with input as cm({"app.conf": text})
	}
}

test_private_key_denied if {
	count(configmap_secrets.deny) == 1 with input as cm({"tls.key": "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n"})
}

test_plain_config_allowed if {
	d := {
		"log_level": "debug",
		"secret_name": "app-credentials",
		"token_ttl": "3600",
		"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
		"app.yaml": "db:\n  host: db\n  password: ${DB_PASSWORD}\n  passwordFile: /run/secrets/db\ntokenExpiry: 30m\nsecretRef: db-creds\n",
		"app.ini": "[auth]\nenable_token_auth = true\ntoken_url = https://auth.example.com/token\n",
	}
	count(configmap_secrets.deny) == 0 with input as cm(d)
}
