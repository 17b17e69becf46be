# METADATA
# title: Binding grants permissions to a default ServiceAccount
# description: >-
#   Every pod that names no ServiceAccount runs as its namespace's default ServiceAccount, so
#   permissions bound to it are handed to every such workload, now and in the future.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#service-account-permissions
# custom:
#   id: PAL-K8S-097
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: >-
#     Create a dedicated ServiceAccount for the workload that needs the role, bind the role to it
#     and set serviceAccountName in the workload.
#   compliance:
#   - cis-k8s-1.10:5.1.5
#   - nsa-cisa-1.2:service-account-tokens
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_default_serviceaccount_binding

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.rbac_builtin
	some i, s in object.get(input, "subjects", [])
	s.kind == "ServiceAccount"
	s.name == "default"
	ns := object.get(s, "namespace", k8s.namespace)
	res := {
		"msg": sprintf("%s grants %s %q to the default ServiceAccount of namespace %q", [k8s.kind_name, object.get(input, ["roleRef", "kind"], "role"), object.get(input, ["roleRef", "name"], ""), ns]),
		"path": ["subjects", i, "name"],
	}
}
