# METADATA
# title: Service account token mounted automatically
# description: >-
#   The pod gets its ServiceAccount's API token mounted because neither the pod nor (among the
#   scanned objects) its ServiceAccount sets automountServiceAccountToken: false. Most
#   applications never call the Kubernetes API; for them the token only helps an attacker who
#   gets into the container to talk to the API server with the ServiceAccount's permissions.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
# - https://kubernetes.io/docs/concepts/security/service-accounts/
# custom:
#   id: PAL-K8S-032
#   severity: LOW
#   input: kubernetes_set
#   remediation: >-
#     Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount) unless
#     the application uses the Kubernetes API; if it does, give it a dedicated ServiceAccount
#     with minimal RBAC.
#   compliance:
#   - cis-k8s-1.10:5.1.6
#   - nsa-cisa-1.2:service-account-tokens
#   - nist-800-190:4.3.2
package palisade.kubernetes_set.automount_sa_token

import data.lib.kubernetes as k8s

_namespace(obj) := ns if {
	ns := object.get(obj, ["metadata", "namespace"], "default")
	ns != ""
}

_namespace(obj) := "default" if object.get(obj, ["metadata", "namespace"], "default") == ""

# _service_account(spec) is the name of the ServiceAccount a pod spec runs as.
_service_account(spec) := name if {
	name := object.get(spec, "serviceAccountName", "")
	name != ""
}

_service_account(spec) := name if {
	object.get(spec, "serviceAccountName", "") == ""
	name := object.get(spec, "serviceAccount", "")
	name != ""
}

_service_account(spec) := "default" if {
	object.get(spec, "serviceAccountName", "") == ""
	object.get(spec, "serviceAccount", "") == ""
}

# _sa_disables(obj, sa) is true when a scanned ServiceAccount sa in obj's namespace turns
# automounting off.
_sa_disables(obj, sa) if {
	some other in input.objects
	other.kind == "ServiceAccount"
	other.metadata.name == sa
	_namespace(other) == _namespace(obj)
	other.automountServiceAccountToken == false
}

deny contains res if {
	some i, obj in input.objects
	obj.kind in k8s.workload_kinds
	spec := k8s.pod_spec with input as obj
	spec_path := k8s.pod_spec_path with input as obj
	kind_name := k8s.kind_name with input as obj
	count(k8s.podsec_list(object.get(spec, "containers", []))) > 0
	not spec.automountServiceAccountToken == false
	sa := _service_account(spec)
	not _pod_true_or_sa_false(obj, spec, sa)
	res := {
		"object": i,
		"msg": sprintf("%s mounts the API token of ServiceAccount %q automatically", [kind_name, sa]),
		"path": array.concat(spec_path, ["automountServiceAccountToken"]),
	}
}

deny contains res if {
	some i, obj in input.objects
	obj.kind in k8s.workload_kinds
	spec := k8s.pod_spec with input as obj
	spec_path := k8s.pod_spec_path with input as obj
	kind_name := k8s.kind_name with input as obj
	spec.automountServiceAccountToken == true
	res := {
		"object": i,
		"msg": sprintf("%s asks for the API token of ServiceAccount %q to be mounted (automountServiceAccountToken: true)", [kind_name, _service_account(spec)]),
		"path": array.concat(spec_path, ["automountServiceAccountToken"]),
	}
}

# The second rule reports an explicit true; a ServiceAccount that disables automounting
# covers pods that leave the field unset.
_pod_true_or_sa_false(_, spec, _) if spec.automountServiceAccountToken == true

_pod_true_or_sa_false(obj, spec, sa) if {
	not k8s.has_key(spec, "automountServiceAccountToken")
	_sa_disables(obj, sa)
}
