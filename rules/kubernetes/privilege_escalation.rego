# METADATA
# title: Privilege escalation allowed
# description: >-
#   Unless allowPrivilegeEscalation is false, a process in the container can gain more
#   privileges than its parent, for example through a setuid-root binary or file capabilities
#   (the no_new_privs flag is not set). The restricted Pod Security Standard requires every
#   container to set it to false explicitly.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: PAL-K8S-015
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set securityContext.allowPrivilegeEscalation to false on every container.
#   compliance:
#   - cis-k8s-1.10:5.2.6
#   - pss:restricted
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.privilege_escalation

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.podsec_windows
	some x in k8s.containers
	csc := x.sc
	not csc.allowPrivilegeEscalation == false
	res := {
		"msg": sprintf("Container %q of %s %s", [x.container.name, k8s.kind_name, _problem(csc)]),
		"path": array.concat(x.path, ["securityContext", "allowPrivilegeEscalation"]),
	}
}

_problem(csc) := "allows privilege escalation (allowPrivilegeEscalation: true)" if csc.allowPrivilegeEscalation == true

_problem(csc) := "does not set allowPrivilegeEscalation to false" if not csc.allowPrivilegeEscalation == true
