# METADATA
# title: Seccomp profile set to Unconfined
# description: >-
#   The pod or a container explicitly disables seccomp filtering (type Unconfined, or the legacy
#   "unconfined" seccomp annotations). Every system call, including those the runtime's default
#   profile blocks because they enable container escapes (mount, unshare, keyctl, bpf ...), is
#   then reachable. The baseline Pod Security Standard forbids it.
# related_resources:
# - https://kubernetes.io/docs/tutorials/security/seccomp/
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-022
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Use seccompProfile type RuntimeDefault, or a Localhost profile tailored to the application.
#   compliance:
#   - cis-k8s-1.10:5.7.2
#   - pss:baseline
#   - nsa-cisa-1.2:hardening-container-environments
#   - nist-800-190:4.4.3
package palisade.kubernetes.seccomp_unconfined

import data.lib.kubernetes as k8s

deny contains res if {
	k8s.podsec_psc.seccompProfile.type == "Unconfined"
	res := {
		"msg": sprintf("%s disables seccomp for all its containers (seccompProfile Unconfined)", [k8s.kind_name]),
		"path": array.concat(k8s.podsec_psc_path, ["seccompProfile", "type"]),
	}
}

deny contains res if {
	some x in k8s.containers
	x.sc.seccompProfile.type == "Unconfined"
	res := {
		"msg": sprintf("Container %q of %s runs with seccomp disabled (seccompProfile Unconfined)", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "seccompProfile", "type"]),
	}
}

# Legacy annotations, still honoured by older clusters.
deny contains res if {
	some key, value in k8s.podsec_annotations
	_legacy_key(key)
	value == "unconfined"
	res := {
		"msg": sprintf("%s disables seccomp with the annotation %q", [k8s.kind_name, key]),
		"path": array.concat(k8s.podsec_annotations_path, [key]),
	}
}

_legacy_key(key) if key == "seccomp.security.alpha.kubernetes.io/pod"

_legacy_key(key) if startswith(key, "container.seccomp.security.alpha.kubernetes.io/")
