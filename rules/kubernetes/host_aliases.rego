# METADATA
# title: Pod overrides host name resolution
# description: >-
#   hostAliases writes entries into the containers' /etc/hosts, overriding DNS. It hides where
#   traffic really goes, bypasses DNS-based controls and monitoring, and an address that goes
#   stale can send traffic, credentials included, to whoever holds it next.
# related_resources:
# - https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/
# custom:
#   id: PAL-K8S-030
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove hostAliases and publish the names through DNS (a Service, ExternalName or cluster DNS entry).
#   compliance:
#   - nist-800-190:4.4.3
package palisade.kubernetes.host_aliases

import data.lib.kubernetes as k8s

deny contains res if {
	aliases := k8s.podsec_list(object.get(k8s.pod_spec, "hostAliases", []))
	count(aliases) > 0
	names := [n |
		some a in aliases
		some n in k8s.podsec_list(object.get(k8s.podsec_obj(a), "hostnames", []))
	]
	res := {
		"msg": sprintf("%s overrides name resolution with hostAliases (%s)", [k8s.kind_name, concat(", ", names)]),
		"path": array.concat(k8s.pod_spec_path, ["hostAliases"]),
	}
}
