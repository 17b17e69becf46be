# METADATA
# title: Ingress without TLS
# description: >-
#   An Ingress without a tls section serves its hosts over plain HTTP, so credentials, session
#   cookies and data cross the network unencrypted and can be read or altered on the way.
#   Ingresses whose certificate is attached by a cloud load balancer annotation (AWS ALB
#   certificate-arn, GKE pre-shared or managed certificates, Azure Application Gateway) are not
#   reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
# custom:
#   id: PAL-K8S-057
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Ingress]
#   remediation: Add spec.tls with the hosts served and a certificate Secret (for example issued by cert-manager), and redirect HTTP to HTTPS.
#   compliance:
#   - nsa-cisa-1.2:network-policies
package palisade.kubernetes.ingress_tls_missing

import data.lib.kubernetes as k8s

_external_tls_annotations := {
	"alb.ingress.kubernetes.io/certificate-arn",
	"ingress.gcp.kubernetes.io/pre-shared-cert",
	"networking.gke.io/managed-certificates",
	"appgw.ingress.kubernetes.io/appgw-ssl-certificate",
	"kubernetes.io/ingress.global-static-ip-name-tls",
}

deny contains res if {
	count(object.get(input, ["spec", "tls"], [])) == 0
	not _external_tls
	res := {
		"msg": sprintf("%s has no TLS configuration and serves its hosts over plain HTTP", [k8s.kind_name]),
		"path": k8s.existing_prefix(["spec", "tls"]),
	}
}

_external_tls if {
	some k, _ in object.get(input, ["metadata", "annotations"], {})
	k in _external_tls_annotations
}
