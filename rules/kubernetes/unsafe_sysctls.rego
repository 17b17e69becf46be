# METADATA
# title: Unsafe sysctl
# description: >-
#   The pod sets a kernel parameter (sysctl) outside the set Kubernetes considers safe, i.e.
#   namespaced and isolated from other pods. Other sysctls can affect every pod on the node or
#   disable kernel protections, and the kubelet refuses them unless explicitly allowed. The
#   baseline Pod Security Standard allows only kernel.shm_rmid_forced,
#   net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies,
#   net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time,
#   net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl and net.ipv4.tcp_keepalive_probes.
# related_resources:
# - https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-026
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove the sysctl from securityContext.sysctls; tune node-level kernel parameters through
#     node configuration instead.
#   compliance:
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.unsafe_sysctls

import data.lib.kubernetes as k8s

_safe := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
}

deny contains res if {
	some i, s in k8s.podsec_list(object.get(k8s.podsec_psc, "sysctls", []))
	name := object.get(k8s.podsec_obj(s), "name", "")
	is_string(name)
	not replace(name, "/", ".") in _safe
	res := {
		"msg": sprintf("%s sets the unsafe sysctl %q", [k8s.kind_name, name]),
		"path": array.concat(k8s.podsec_psc_path, ["sysctls", i, "name"]),
	}
}
