# METADATA
# title: Environment variable defined twice
# description: >-
#   A container's env list sets the same variable more than once. Only the last definition
#   takes effect, so a value that looks configured (a credential reference, a security flag)
#   may be silently overridden, and kubectl apply merges such lists unpredictably.
# related_resources:
# - https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
# custom:
#   id: PAL-K8S-075
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Keep a single definition of each environment variable.
package palisade.kubernetes.env_duplicate

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	env := object.get(x.container, "env", [])
	count(env) > 1

	# Most containers repeat no name: skip the pairwise search for them.
	count({n | some e in env; n := e.name}) < count([n | some e in env; n := e.name])
	some j, e in env
	some i, earlier in env
	i < j
	earlier.name == e.name
	not _repeated_before(env, i, e.name)
	res := {
		"msg": sprintf("Container %q of %s defines environment variable %q more than once", [x.container.name, k8s.kind_name, e.name]),
		"path": array.concat(x.path, ["env", j, "name"]),
	}
}

# i is the first definition: report each later one once.
_repeated_before(env, i, name) if {
	some k, e in env
	k < i
	e.name == name
}
