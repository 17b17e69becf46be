# METADATA
# title: ingress-nginx allows snippet annotations
# description: >-
#   The ingress-nginx controller ConfigMap sets allow-snippet-annotations to true, so every
#   user who can create or edit an Ingress can inject raw NGINX configuration, read the
#   controller's service account token and with it the Secrets of every namespace
#   (CVE-2021-25742). ingress-nginx disables the option by default since v1.9.
# related_resources:
# - https://github.com/kubernetes/ingress-nginx/issues/7837
# - https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations
# custom:
#   id: PAL-K8S-072
#   severity: HIGH
#   input: kubernetes
#   kinds: [ConfigMap]
#   remediation: Set allow-snippet-annotations to "false" (or remove it) and move the needed configuration into controller settings managed by the cluster administrators.
#   compliance:
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.3.2
package palisade.kubernetes.ingress_nginx_snippets_enabled

import data.lib.kubernetes as k8s

deny contains res if {
	v := input.data["allow-snippet-annotations"]
	lower(trim_space(sprintf("%v", [v]))) == "true"
	res := {
		"msg": sprintf("ConfigMap %q enables allow-snippet-annotations for ingress-nginx", [k8s.name]),
		"path": ["data", "allow-snippet-annotations"],
	}
}
