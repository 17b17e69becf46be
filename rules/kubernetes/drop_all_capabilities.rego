# METADATA
# title: Container does not drop all capabilities
# description: >-
#   The restricted Pod Security Standard requires every container to drop ALL Linux capabilities
#   (and add back at most NET_BIND_SERVICE). Without that the container keeps the runtime's
#   default set (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW and others), which an
#   attacker can use after a compromise.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
# custom:
#   id: PAL-K8S-013
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set securityContext.capabilities.drop to ["ALL"] and add back only what the container needs.
#   compliance:
#   - cis-k8s-1.10:5.2.10
#   - pss:restricted
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.drop_all_capabilities

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.podsec_windows
	some x in k8s.containers
	not "ALL" in x.drop
	res := {
		"msg": sprintf("Container %q of %s does not drop ALL capabilities", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "capabilities", "drop"]),
	}
}
