# METADATA
# title: Service with externalIPs
# description: >-
#   spec.externalIPs makes kube-proxy capture traffic to the listed addresses on every node.
#   Anyone allowed to create or edit a Service can use it to intercept traffic meant for other
#   workloads or external hosts (CVE-2020-8554, which has no fix in Kubernetes itself; the
#   field should be blocked by admission control and used only where deliberately allowed).
# related_resources:
# - https://github.com/kubernetes/kubernetes/issues/97076
# - https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
# - https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips
# custom:
#   id: PAL-K8S-056
#   severity: HIGH
#   input: kubernetes
#   kinds: [Service]
#   remediation: Remove spec.externalIPs and expose the Service through a LoadBalancer or Ingress; enable the DenyServiceExternalIPs admission plugin or an equivalent policy.
#   compliance:
#   - nsa-cisa-1.2:network-policies
#   - nist-800-190:4.3.3
package palisade.kubernetes.service_external_ips

import data.lib.kubernetes as k8s

deny contains res if {
	ips := object.get(input, ["spec", "externalIPs"], [])
	count(ips) > 0
	res := {
		"msg": sprintf("%s sets externalIPs %s, which lets it capture traffic to those addresses (CVE-2020-8554)", [k8s.kind_name, concat(", ", [sprintf("%v", [ip]) | some ip in ips])]),
		"path": ["spec", "externalIPs"],
	}
}
