package palisade.kubernetes.deprecated_api_version_test

import data.palisade.kubernetes.deprecated_api_version

obj(api, kind) := {"apiVersion": api, "kind": kind, "metadata": {"name": "x"}}

test_removed_denied if {
	every o in [
		obj("extensions/v1beta1", "Deployment"),
		obj("extensions/v1beta1", "Ingress"),
		obj("apps/v1beta2", "StatefulSet"),
		obj("batch/v1beta1", "CronJob"),
		obj("policy/v1beta1", "PodSecurityPolicy"),
		obj("networking.k8s.io/v1beta1", "Ingress"),
		obj("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"),
		obj("autoscaling/v2beta2", "HorizontalPodAutoscaler"),
	] {
		count(deprecated_api_version.deny) == 1 with input as o
	}
}

test_path_points_at_api_version if {
	some r in deprecated_api_version.deny with input as obj("batch/v1beta1", "CronJob")
	r.path == ["apiVersion"]
	contains(r.msg, "batch/v1")
}

test_current_allowed if {
	every o in [
		obj("apps/v1", "Deployment"),
		obj("batch/v1", "CronJob"),
		obj("networking.k8s.io/v1", "Ingress"),
		obj("policy/v1", "PodDisruptionBudget"),
		obj("networking.k8s.io/v1beta1", "ServiceCIDR"),
		obj("storage.k8s.io/v1beta1", "VolumeAttributesClass"),
		obj("admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy"),
		obj("example.com/v1beta1", "Widget"),
	] {
		count(deprecated_api_version.deny) == 0 with input as o
	}
}

test_kind_specific_release if {
	some r in deprecated_api_version.deny with input as obj("extensions/v1beta1", "Deployment")
	contains(r.msg, "1.16")
	contains(r.msg, "apps/v1")
}
