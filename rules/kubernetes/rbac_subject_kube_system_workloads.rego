# METADATA
# title: Subject can create workloads in kube-system
# description: >-
#   A user, group or ServiceAccount that is not a Kubernetes component can create Pods, or
#   controllers that create them (Deployments, DaemonSets, StatefulSets, ReplicaSets,
#   ReplicationControllers, Jobs, CronJobs), in kube-system, through a ClusterRoleBinding or a
#   RoleBinding in kube-system. A pod there can run as any ServiceAccount of kube-system, several
#   of which control the whole cluster, and is usually exempt from Pod Security admission.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
# - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
# custom:
#   id: PAL-K8S-122
#   severity: HIGH
#   input: kubernetes_set
#   remediation: >-
#     Bind roles that create workloads with RoleBindings in the namespaces that need them, not with
#     ClusterRoleBindings, and give no one outside the control plane write access to kube-system.
#   compliance:
#   - cis-k8s-1.10:5.1.4
#   - nsa-cisa-1.2:rbac
#   - nsa-cisa-1.2:namespaces
#   - nist-800-190:4.3.1
#   - nist-800-190:4.3.2
package palisade.kubernetes_set.rbac_subject_kube_system_workloads

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.set_subject_grants
	_kube_system(g)
	what := k8s.rbac_permission_whats(g.permissions, "workloads")
	res := {
		"msg": sprintf("%s can create %s %s through %s", [g.who, what, _where(g), g.via]),
		"object": g.object,
		"path": ["subjects", g.subject],
	}
}

_kube_system(g) if g.cluster

_where(g) := "in every namespace, kube-system included," if g.cluster

_where(g) := "in namespace \"kube-system\"" if not g.cluster

_kube_system(g) if g.namespace == "kube-system"
