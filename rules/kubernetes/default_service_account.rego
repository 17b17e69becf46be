# METADATA
# title: Workload runs as the default ServiceAccount
# description: >-
#   The pod names no ServiceAccount (or names "default"), so it runs as its namespace's default
#   ServiceAccount. Every pod in the namespace shares that identity: permissions granted to it
#   for one workload reach all of them, and its token cannot be tied to one application. Pods
#   that turn off token automounting and project no token are not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
# custom:
#   id: PAL-K8S-033
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Create a ServiceAccount for the workload, set serviceAccountName to it, and grant it only
#     the RBAC permissions it needs.
#   compliance:
#   - cis-k8s-1.10:5.1.5
#   - nsa-cisa-1.2:service-account-tokens
#   - nist-800-190:4.3.2
package palisade.kubernetes.default_service_account

import data.lib.kubernetes as k8s

# field is the ServiceAccount field the pod spec sets, if any.
field := "serviceAccountName" if object.get(k8s.pod_spec, "serviceAccountName", "") != ""

field := "serviceAccount" if {
	object.get(k8s.pod_spec, "serviceAccountName", "") == ""
	object.get(k8s.pod_spec, "serviceAccount", "") != ""
}

path_field := field

default path_field := "serviceAccountName"

uses_default if not field

uses_default if k8s.pod_spec[field] == "default"

# A pod without an automounted or projected token does not use the identity.
has_token if not k8s.pod_spec.automountServiceAccountToken == false

has_token if {
	some v in k8s.volumes
	some src in k8s.podsec_list(object.get(k8s.podsec_obj(v.volume), ["projected", "sources"], []))
	k8s.has_key(k8s.podsec_obj(src), "serviceAccountToken")
}

deny contains res if {
	count(k8s.podsec_list(object.get(k8s.pod_spec, "containers", []))) > 0
	uses_default
	has_token
	res := {
		"msg": sprintf("%s runs as the default ServiceAccount of its namespace", [k8s.kind_name]),
		"path": array.concat(k8s.pod_spec_path, [path_field]),
	}
}
