# METADATA
# title: Pod does not use a user namespace
# description: >-
#   Unless hostUsers is false, the containers share the node's user namespace: UID 0 in the
#   container is UID 0 on the node, and any other UID is the same UID on the node. With
#   hostUsers: false (user namespaces, enabled by default since Kubernetes 1.33 and stable since
#   1.36, on supported kernels and runtimes) container UIDs map to unprivileged node UIDs, which
#   defuses many container escapes.
# related_resources:
# - https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/
# custom:
#   id: PAL-K8S-031
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Set spec.hostUsers: false on the pod template (needs Linux 6.3+, containerd 2.0+ or CRI-O
#     1.25+; incompatible with hostNetwork, hostPID and hostIPC).
#   compliance:
#   - nsa-cisa-1.2:non-root-containers
#   - nist-800-190:4.4.3
package palisade.kubernetes.host_users

import data.lib.kubernetes as k8s

deny contains res if {
	not k8s.podsec_windows
	not k8s.pod_spec.hostUsers == false
	res := {
		"msg": sprintf("%s %s", [k8s.kind_name, _problem]),
		"path": array.concat(k8s.pod_spec_path, ["hostUsers"]),
	}
}

_problem := "shares the node's user namespace (hostUsers: true)" if k8s.pod_spec.hostUsers == true

_problem := "does not run in its own user namespace (hostUsers is not false)" if not k8s.pod_spec.hostUsers == true
