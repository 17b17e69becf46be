# METADATA
# title: Credential passed on the command line
# description: >-
#   A container command or argument passes a password, token or key as a literal flag value
#   (--password=..., --token ...). Besides sitting in the manifest, command lines are visible
#   to every process that can list processes on the node and are often logged.
# related_resources:
# - https://kubernetes.io/docs/concepts/configuration/secret/
# - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: PAL-K8S-073
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: Read the credential from a mounted Secret file (many tools take --password-file or similar), or at least from an environment variable filled by secretKeyRef; then rotate the exposed credential.
#   compliance:
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.1.4
package palisade.kubernetes.args_secret_literal

import data.lib.kubernetes as k8s

# --flag=value or --flag value inside one element (also inside a shell script).
deny contains res if {
	some x in k8s.containers
	some field in ["command", "args"]
	some i, s in object.get(x.container, field, [])
	is_string(s)
	contains(s, "-")
	some m in regex.find_all_string_submatch_n(`(?:^|[\s"'])--?([A-Za-z0-9][A-Za-z0-9_.-]*)(?:=|[ \t]+)["']?([^\s"';|&-][^\s"';|&]*)`, s, -1)
	k8s.secret_like_name(m[1])
	k8s.literal_secret_value(m[2])
	res := _finding(x, field, i, m[1])
}

# --flag and its value as two elements.
deny contains res if {
	some x in k8s.containers
	some field in ["command", "args"]
	list := object.get(x.container, field, [])
	some i, s in list
	is_string(s)
	startswith(s, "-")
	flag := regex.find_all_string_submatch_n(`^--?([A-Za-z0-9][A-Za-z0-9_.-]*)$`, s, 1)[0][1]
	k8s.secret_like_name(flag)
	v := list[i + 1]
	is_string(v)
	not startswith(v, "-")
	k8s.literal_secret_value(v)
	res := _finding(x, field, i + 1, flag)
}

_finding(x, field, i, flag) := {
	"msg": sprintf("Container %q of %s passes a literal value for --%s in its %s", [x.container.name, k8s.kind_name, flag, field]),
	"path": array.concat(x.path, [field, i]),
}
