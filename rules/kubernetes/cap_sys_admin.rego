# METADATA
# title: Container adds CAP_SYS_ADMIN
# description: >-
#   CAP_SYS_ADMIN is the catch-all administrative capability: it allows mounting filesystems,
#   using many namespace and BPF operations and a long list of other kernel functions. A
#   container with it is close to a privileged container, and several well-known escapes (cgroup
#   release_agent, mounting the host disk) need nothing more.
# related_resources:
# - https://man7.org/linux/man-pages/man7/capabilities.7.html
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-010
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove SYS_ADMIN from securityContext.capabilities.add; find the narrower capability or the
#     Kubernetes feature (CSI driver, device plugin) that gives the workload what it needs.
#   compliance:
#   - cis-k8s-1.10:5.2.9
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.cap_sys_admin

import data.lib.kubernetes as k8s

deny contains res if {
	some a in k8s.podsec_added_caps
	a.cap == "SYS_ADMIN"
	res := {
		"msg": sprintf("Container %q of %s adds the SYS_ADMIN capability", [a.x.container.name, k8s.kind_name]),
		"path": a.path,
	}
}
