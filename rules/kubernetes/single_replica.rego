# METADATA
# title: Workload with a single replica
# description: >-
#   A Deployment or StatefulSet set to one replica goes down whenever its pod is rescheduled:
#   during node maintenance, upgrades, evictions and every rollout of a StatefulSet. Workloads
#   without a replicas field (typically scaled by a HorizontalPodAutoscaler) are not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas
# - https://kubernetes.io/docs/tasks/run-application/configure-pdb/
# custom:
#   id: PAL-K8S-066
#   severity: LOW
#   input: kubernetes
#   kinds: [Deployment, StatefulSet]
#   remediation: Run at least two replicas spread over nodes (topologySpreadConstraints or pod anti-affinity) and protect them with a PodDisruptionBudget.
package palisade.kubernetes.single_replica

import data.lib.kubernetes as k8s

deny contains res if {
	input.spec.replicas == 1
	res := {
		"msg": sprintf("%s runs a single replica and is unavailable whenever that pod is rescheduled", [k8s.kind_name]),
		"path": ["spec", "replicas"],
	}
}
