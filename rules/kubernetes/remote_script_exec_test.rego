package palisade.kubernetes.remote_script_exec_test

import data.palisade.kubernetes.remote_script_exec

pod(c) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "app", "image": "alpine:3.20"}, c)]}}

test_pipe_to_shell_denied if {
	every s in [
		"curl -fsSL https://get.example.com/install.sh | sh",
		"apk add curl && curl -s https://x.example.com/i | bash -s -- --yes",
		"wget -qO- https://x.example.com/setup | sudo /bin/bash",
		"curl https://x.example.com/a.py | python3",
		"bash -c \"$(curl -fsSL https://x.example.com/install.sh)\"",
		"bash <(curl -s https://x.example.com/install.sh)",
	] {
		count(remote_script_exec.deny) == 1 with input as pod({"command": ["sh", "-c", s]})
	}
}

test_path_points_at_element if {
	some r in remote_script_exec.deny with input as pod({"command": ["sh", "-c"], "args": ["curl -s https://x.example.com/i | sh"]})
	r.path == ["spec", "containers", 0, "args", 0]
}

test_lifecycle_denied if {
	c := {"lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "wget -O - https://x.example.com/hook | sh"]}}}}
	some r in remote_script_exec.deny with input as pod(c)
	r.path == ["spec", "containers", 0, "lifecycle", "postStart", "exec", "command", 2]
}

test_plain_download_allowed if {
	every s in [
		"curl -fsSL -o /data/model.bin https://x.example.com/model.bin && sha256sum -c /data/model.sha256",
		"curl -s http://localhost:8080/healthz | grep ok",
		"wget -q https://x.example.com/archive.tgz && tar xzf archive.tgz",
		"/app/server --port 8080",
	] {
		count(remote_script_exec.deny) == 0 with input as pod({"command": ["sh", "-c", s]})
	}
}
