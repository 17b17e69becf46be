# METADATA
# title: Container adds a dangerous capability
# description: >-
#   The container adds a capability that is known to allow escaping the container or attacking
#   the node or other pods: ALL, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, SYS_BOOT, SYS_TIME,
#   BPF, PERFMON, DAC_READ_SEARCH, MAC_ADMIN, MAC_OVERRIDE, SYSLOG, AUDIT_CONTROL,
#   LINUX_IMMUTABLE, WAKE_ALARM, BLOCK_SUSPEND or CHECKPOINT_RESTORE. SYS_ADMIN is reported by
#   PAL-K8S-010.
# related_resources:
# - https://man7.org/linux/man-pages/man7/capabilities.7.html
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
# custom:
#   id: PAL-K8S-011
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove the capability from securityContext.capabilities.add. Workloads that need it
#     (network or eBPF agents) belong in a separate, tightly controlled namespace.
#   compliance:
#   - cis-k8s-1.10:5.2.9
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.dangerous_capabilities

import data.lib.kubernetes as k8s

_dangerous := {
	"ALL", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",
	"BPF", "PERFMON", "DAC_READ_SEARCH", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",
	"AUDIT_CONTROL", "LINUX_IMMUTABLE", "WAKE_ALARM", "BLOCK_SUSPEND", "CHECKPOINT_RESTORE",
}

deny contains res if {
	some a in k8s.podsec_added_caps
	a.cap in _dangerous
	res := {
		"msg": sprintf("Container %q of %s adds the dangerous capability %q", [a.x.container.name, k8s.kind_name, a.name]),
		"path": a.path,
	}
}
