# METADATA
# title: Role can exec into or attach to Pods
# description: >-
#   pods/exec and pods/attach open a shell or the console of running containers, which exposes
#   everything the container can reach: its ServiceAccount token, mounted Secrets and network
#   position. Both need the create verb (older clients use get over WebSockets).
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#kubernetes-rbac---privilege-escalation-risks
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
# custom:
#   id: PAL-K8S-084
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove pods/exec and pods/attach from roles given to applications and CI; grant them only to
#     operators, in a separate role bound for the time they need it.
#   compliance:
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_pod_exec

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("", {"pods/exec", "pods/attach", "*/exec", "*/attach"}, {"create", "get"})
	res := {
		"msg": sprintf("%s grants %s on %s in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.resource, g.index]),
		"path": g.path,
	}
}
