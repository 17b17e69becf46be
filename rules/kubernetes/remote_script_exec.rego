# METADATA
# title: Container downloads and runs a script at startup
# description: >-
#   The container command pipes a download into a shell (curl ... | sh, wget -O- ... | bash,
#   sh -c "$(curl ...)"). The code that runs is whatever the remote server returns at that
#   moment: it was never part of the scanned, signed image, changes without a deployment,
#   and a compromised or spoofed server gets code execution in the cluster.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/
# custom:
#   id: PAL-K8S-067
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Build the script and its dependencies into the image (or an init container image) at build time, pinned and verified, instead of fetching it when the container starts.
#   compliance:
#   - nsa-cisa-1.2:secure-images
#   - nist-800-190:4.1.5
package palisade.kubernetes.remote_script_exec

import data.lib.kubernetes as k8s

_patterns := [
	# curl/wget output piped into a shell or interpreter
	`\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+)?(\S*/)?(ba|z|da|k|a)?sh\b`,
	`\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+)?(\S*/)?(python[0-9.]*|perl|ruby|node)\b`,
	# a shell running a download through command or process substitution
	"\\b(ba|z|da|k|a)?sh\\s+(-c\\s+)?[\"']?(\\$\\(|<\\(|\u0060)\\s*(curl|wget)\\b",
]

deny contains res if {
	some x in k8s.containers
	some field in ["command", "args"]
	some i, s in object.get(x.container, field, [])
	_downloads_and_runs(s)
	res := {
		"msg": sprintf("Container %q of %s downloads a script and runs it in its %s", [x.container.name, k8s.kind_name, field]),
		"path": array.concat(x.path, [field, i]),
	}
}

deny contains res if {
	some x in k8s.containers
	some hook in ["postStart", "preStop"]
	some i, s in object.get(x.container, ["lifecycle", hook, "exec", "command"], [])
	_downloads_and_runs(s)
	res := {
		"msg": sprintf("Container %q of %s downloads a script and runs it in its %s hook", [x.container.name, k8s.kind_name, hook]),
		"path": array.concat(x.path, ["lifecycle", hook, "exec", "command", i]),
	}
}

_downloads_and_runs(s) if {
	is_string(s)

	# Every pattern names curl or wget; most strings name neither.
	_fetches(s)
	some p in _patterns
	regex.match(p, s)
}

_fetches(s) if contains(s, "curl")

else if contains(s, "wget")
