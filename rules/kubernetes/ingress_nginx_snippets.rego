# METADATA
# title: NGINX configuration snippet annotation on an Ingress
# description: >-
#   Snippet annotations (configuration-snippet, server-snippet, auth-snippet and the like of
#   ingress-nginx, server-snippets and location-snippets of NGINX Inc's controller) paste raw
#   NGINX configuration into the controller. Whoever can create or edit an Ingress can use them
#   to read files of the controller pod, including its service account token, which can read
#   the Secrets of every namespace (CVE-2021-25742), or to reroute other sites' traffic.
# related_resources:
# - https://github.com/kubernetes/ingress-nginx/issues/7837
# - https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
# custom:
#   id: PAL-K8S-059
#   severity: HIGH
#   input: kubernetes
#   kinds: [Ingress]
#   remediation: Replace the snippet with the dedicated annotations or controller settings, and keep allow-snippet-annotations disabled in the controller.
#   compliance:
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.3.2
package palisade.kubernetes.ingress_nginx_snippets

import data.lib.kubernetes as k8s

deny contains res if {
	some k, _ in object.get(input, ["metadata", "annotations"], {})
	_snippet(k)
	res := {
		"msg": sprintf("%s injects raw NGINX configuration with the %s annotation", [k8s.kind_name, k]),
		"path": ["metadata", "annotations", k],
	}
}

_snippet(k) if regex.match(`^nginx\.ingress\.kubernetes\.io/[a-z-]*snippet$`, k)

_snippet(k) if regex.match(`^nginx\.org/[a-z-]*snippets$`, k)
