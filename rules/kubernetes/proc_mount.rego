# METADATA
# title: Unmasked /proc mount
# description: >-
#   procMount Unmasked stops the runtime from masking and making read-only sensitive parts of
#   /proc (such as /proc/kcore, /proc/sys and /proc/sysrq-trigger) in the container. Together
#   with other privileges it exposes kernel interfaces that enable escapes. The restricted Pod
#   Security Standard allows only the Default proc mount; the baseline one does too, except (from
#   policy version v1.35) for pods in their own user namespace (hostUsers: false), which the API
#   requires for Unmasked anyway on current releases.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1
# custom:
#   id: PAL-K8S-025
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Remove securityContext.procMount or set it to Default.
#   compliance:
#   - pss:baseline
#   - pss:restricted
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.proc_mount

import data.lib.kubernetes as k8s

deny contains res if {
	some x in k8s.containers
	csc := x.sc
	pm := csc.procMount
	not pm in {"Default", null}
	res := {
		"msg": sprintf("Container %q of %s uses procMount %v instead of Default", [x.container.name, k8s.kind_name, csc.procMount]),
		"path": array.concat(x.path, ["securityContext", "procMount"]),
	}
}
