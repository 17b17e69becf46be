# METADATA
# title: No security context
# description: >-
#   Neither the container nor its pod sets a securityContext, so every security-relevant setting
#   (user, privilege escalation, capabilities, seccomp, read-only root filesystem) is left to the
#   image and the runtime's defaults, which are permissive. Setting a security context
#   explicitly is the first step of hardening a workload.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: PAL-K8S-035
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Add a pod securityContext (runAsNonRoot, runAsUser, seccompProfile RuntimeDefault) and a
#     container securityContext (allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
#     capabilities.drop: [ALL]).
#   compliance:
#   - cis-k8s-1.10:5.7.3
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.no_security_context

import data.lib.kubernetes as k8s

deny contains res if {
	count(k8s.podsec_psc) == 0
	some x in k8s.containers
	count(x.sc) == 0
	res := {
		"msg": sprintf("Container %q of %s has no security context, on the container or on the pod", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext"]),
	}
}
