# METADATA
# title: Role can change admission webhooks or policies
# description: >-
#   Whoever can write validating or mutating webhook configurations or admission policies can
#   switch off the checks that keep privileged workloads out, or register a webhook that reads
#   and rewrites every object sent to the API server, Secrets included.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks
# - https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
# custom:
#   id: PAL-K8S-094
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: >-
#     Remove create, update, patch and delete on admissionregistration.k8s.io resources except for
#     the cluster administrators and the controllers that manage their own webhooks (limited with
#     resourceNames).
#   compliance:
#   - cis-k8s-1.10:5.1.12
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_admission_control

import data.lib.kubernetes as k8s

_resources := {
	"validatingwebhookconfigurations", "mutatingwebhookconfigurations",
	"validatingadmissionpolicies", "validatingadmissionpolicybindings",
	"mutatingadmissionpolicies", "mutatingadmissionpolicybindings",
}

deny contains res if {
	some g in k8s.rbac_resource_grants("admissionregistration.k8s.io", _resources, {"create", "update", "patch", "delete", "deletecollection"})
	not g.restricted
	res := {
		"msg": sprintf("%s can change %s (%s) in rules[%d]", [k8s.kind_name, g.resource, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
