# METADATA
# title: Ingress path that can inject controller configuration
# description: >-
#   An Ingress path contains characters that end or extend an NGINX directive (whitespace,
#   semicolons, quotes, or braces and backslashes in Prefix and Exact paths), or points at
#   files of the controller pod such as /var/run/secrets. Older ingress-nginx releases copied
#   paths into their configuration unchecked, so such a path can disclose the controller's
#   service account token, which can read the Secrets of every namespace (CVE-2021-25745).
# related_resources:
# - https://github.com/kubernetes/ingress-nginx/issues/8502
# - https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
# custom:
#   id: PAL-K8S-078
#   severity: HIGH
#   input: kubernetes
#   kinds: [Ingress]
#   remediation: Use plain URL paths (letters, digits and / - . _ ~), upgrade ingress-nginx to v1.2.0 or later and keep strict path validation enabled.
#   compliance:
#   - nsa-cisa-1.2:secrets
#   - nsa-cisa-1.2:upgrading
#   - nist-800-190:4.3.2
package palisade.kubernetes.ingress_path_injection

import data.lib.kubernetes as k8s

deny contains res if {
	some i, r in object.get(input, ["spec", "rules"], [])
	some j, p in object.get(r, ["http", "paths"], [])
	path := p.path
	is_string(path)
	_suspicious(path, object.get(p, "pathType", "ImplementationSpecific"))
	res := {
		"msg": sprintf("%s has path %q, which can inject configuration into or read files of the ingress controller", [k8s.kind_name, path]),
		"path": ["spec", "rules", i, "http", "paths", j, "path"],
	}
}

# Characters that end or extend an NGINX directive, in any path type.
_suspicious(path, _) if regex.match("[\\s;'\"\u0060]", path)

# Braces and backslashes are regular expression syntax in ImplementationSpecific paths only.
_suspicious(path, t) if {
	t in {"Prefix", "Exact"}
	regex.match(`[{}\\]`, path)
}

# Files of the controller pod.
_suspicious(path, _) if regex.match(`(?i)(/var/run/secrets|/var/run/kubernetes|serviceaccount/token|/etc/kubernetes|^/(etc|root|proc)(/|$))`, path)
