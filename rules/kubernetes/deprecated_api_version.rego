# METADATA
# title: Removed Kubernetes API version
# description: >-
#   The object uses an API version that current Kubernetes releases no longer serve. Applying
#   the manifest fails, so it usually means the workload or policy is not deployed the way the
#   file says, or the cluster that runs it is several releases behind and missing security
#   fixes. Some removed versions (policy/v1beta1 PodSecurityPolicy) also describe controls that
#   no longer exist at all.
# related_resources:
# - https://kubernetes.io/docs/reference/using-api/deprecation-guide/
# custom:
#   id: PAL-K8S-064
#   severity: MEDIUM
#   input: kubernetes
#   remediation: Migrate the manifest to the API version named in the finding, checking the field changes listed in the Kubernetes deprecated API migration guide.
#   compliance:
#   - nsa-cisa-1.2:upgrading
package palisade.kubernetes.deprecated_api_version

import data.lib.kubernetes as k8s

# Removed group versions: every kind, with where to go instead.
_removed_versions := {
	"extensions/v1beta1": {"removed": "1.16", "use": "the kind's current API group"},
	"apps/v1beta1": {"removed": "1.16", "use": "apps/v1"},
	"apps/v1beta2": {"removed": "1.16", "use": "apps/v1"},
	"rbac.authorization.k8s.io/v1alpha1": {"removed": "1.22", "use": "rbac.authorization.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1": {"removed": "1.22", "use": "rbac.authorization.k8s.io/v1"},
}

# Removed kinds of group versions that still serve other kinds.
_removed_kinds := {
	"extensions/v1beta1": {
		"Deployment": ["1.16", "apps/v1"],
		"DaemonSet": ["1.16", "apps/v1"],
		"ReplicaSet": ["1.16", "apps/v1"],
		"NetworkPolicy": ["1.16", "networking.k8s.io/v1"],
		"PodSecurityPolicy": ["1.16", "Pod Security Admission (no replacement API)"],
		"Ingress": ["1.22", "networking.k8s.io/v1"],
	},
	"admissionregistration.k8s.io/v1beta1": {
		"MutatingWebhookConfiguration": ["1.22", "admissionregistration.k8s.io/v1"],
		"ValidatingWebhookConfiguration": ["1.22", "admissionregistration.k8s.io/v1"],
	},
	"apiextensions.k8s.io/v1beta1": {"CustomResourceDefinition": ["1.22", "apiextensions.k8s.io/v1"]},
	"apiregistration.k8s.io/v1beta1": {"APIService": ["1.22", "apiregistration.k8s.io/v1"]},
	"authentication.k8s.io/v1beta1": {"TokenReview": ["1.22", "authentication.k8s.io/v1"]},
	"authorization.k8s.io/v1beta1": {
		"SubjectAccessReview": ["1.22", "authorization.k8s.io/v1"],
		"LocalSubjectAccessReview": ["1.22", "authorization.k8s.io/v1"],
		"SelfSubjectAccessReview": ["1.22", "authorization.k8s.io/v1"],
	},
	"certificates.k8s.io/v1beta1": {"CertificateSigningRequest": ["1.22", "certificates.k8s.io/v1"]},
	"coordination.k8s.io/v1beta1": {"Lease": ["1.22", "coordination.k8s.io/v1"]},
	"networking.k8s.io/v1beta1": {
		"Ingress": ["1.22", "networking.k8s.io/v1"],
		"IngressClass": ["1.22", "networking.k8s.io/v1"],
	},
	"scheduling.k8s.io/v1beta1": {"PriorityClass": ["1.22", "scheduling.k8s.io/v1"]},
	"storage.k8s.io/v1beta1": {
		"CSIDriver": ["1.22", "storage.k8s.io/v1"],
		"CSINode": ["1.22", "storage.k8s.io/v1"],
		"StorageClass": ["1.22", "storage.k8s.io/v1"],
		"VolumeAttachment": ["1.22", "storage.k8s.io/v1"],
		"CSIStorageCapacity": ["1.27", "storage.k8s.io/v1"],
	},
	"batch/v1beta1": {"CronJob": ["1.25", "batch/v1"]},
	"discovery.k8s.io/v1beta1": {"EndpointSlice": ["1.25", "discovery.k8s.io/v1"]},
	"events.k8s.io/v1beta1": {"Event": ["1.25", "events.k8s.io/v1"]},
	"autoscaling/v2beta1": {"HorizontalPodAutoscaler": ["1.25", "autoscaling/v2"]},
	"autoscaling/v2beta2": {"HorizontalPodAutoscaler": ["1.26", "autoscaling/v2"]},
	"policy/v1beta1": {
		"PodDisruptionBudget": ["1.25", "policy/v1"],
		"PodSecurityPolicy": ["1.25", "Pod Security Admission (no replacement API)"],
	},
	"node.k8s.io/v1beta1": {"RuntimeClass": ["1.25", "node.k8s.io/v1"]},
	"flowcontrol.apiserver.k8s.io/v1beta1": {
		"FlowSchema": ["1.26", "flowcontrol.apiserver.k8s.io/v1"],
		"PriorityLevelConfiguration": ["1.26", "flowcontrol.apiserver.k8s.io/v1"],
	},
	"flowcontrol.apiserver.k8s.io/v1beta2": {
		"FlowSchema": ["1.29", "flowcontrol.apiserver.k8s.io/v1"],
		"PriorityLevelConfiguration": ["1.29", "flowcontrol.apiserver.k8s.io/v1"],
	},
	"flowcontrol.apiserver.k8s.io/v1beta3": {
		"FlowSchema": ["1.32", "flowcontrol.apiserver.k8s.io/v1"],
		"PriorityLevelConfiguration": ["1.32", "flowcontrol.apiserver.k8s.io/v1"],
	},
}

_removal := [r.removed, r.use] if {
	r := _removed_versions[input.apiVersion]
	not _removed_kinds[input.apiVersion][input.kind]
}

_removal := _removed_kinds[input.apiVersion][input.kind]

deny contains res if {
	[removed, use] := _removal
	res := {
		"msg": sprintf("%s uses apiVersion %s, which Kubernetes %s stopped serving; use %s", [k8s.kind_name, input.apiVersion, removed, use]),
		"path": ["apiVersion"],
	}
}
