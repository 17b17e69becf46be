# METADATA
# title: Ingress host not covered by TLS
# description: >-
#   The Ingress configures TLS, but a host in its rules is not listed under any spec.tls hosts
#   (exactly or through a *.domain wildcard). That host gets the controller's default
#   certificate, which clients reject, or is served over plain HTTP, depending on the
#   controller.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
# custom:
#   id: PAL-K8S-058
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Ingress]
#   remediation: Add the host to the hosts of a spec.tls entry whose Secret holds a certificate valid for it.
#   compliance:
#   - nsa-cisa-1.2:network-policies
package palisade.kubernetes.ingress_tls_hosts

import data.lib.kubernetes as k8s

_tls_hosts contains lower(h) if {
	some t in object.get(input, ["spec", "tls"], [])
	some h in object.get(t, "hosts", [])
	is_string(h)
}

deny contains res if {
	count(_tls_hosts) > 0
	some i, r in object.get(input, ["spec", "rules"], [])
	host := object.get(r, "host", "")
	is_string(host)
	host != ""
	not _covered(lower(host))
	res := {
		"msg": sprintf("%s serves host %q, which none of its TLS entries covers", [k8s.kind_name, host]),
		"path": ["spec", "rules", i, "host"],
	}
}

_covered(h) if h in _tls_hosts

# *.example.com covers a.example.com (one label only).
_covered(h) if {
	parts := split(h, ".")
	count(parts) > 2
	concat(".", array.concat(["*"], array.slice(parts, 1, count(parts)))) in _tls_hosts
}
