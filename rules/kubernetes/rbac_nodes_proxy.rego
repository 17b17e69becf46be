# METADATA
# title: Role grants access to nodes/proxy
# description: >-
#   nodes/proxy gives direct access to the kubelet API of the nodes, which runs commands in any
#   container on the node and reads its logs and pod specs; kubelet requests are not subject to
#   admission control and are not recorded in the API server's audit log.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes
# - https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
# custom:
#   id: PAL-K8S-092
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove nodes/proxy; give monitoring agents the narrower nodes/metrics or nodes/stats
#     subresources.
#   compliance:
#   - cis-k8s-1.10:5.1.10
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.5
package palisade.kubernetes.rbac_nodes_proxy

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"nodes/proxy", "*/proxy"}, {"get", "create", "update", "patch", "delete"})
	res := {
		"msg": sprintf("%s grants %s on %s, which reaches the kubelet API of every node, in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.resource, g.index]),
		"path": g.path,
	}
}
