# METADATA
# title: Seccomp profile not set
# description: >-
#   The container runs without a seccomp profile from its own or the pod's securityContext, so
#   (unless the kubelet defaults to RuntimeDefault) every system call is available to it,
#   including rarely used ones that keep showing up in kernel privilege escalation bugs. The
#   restricted Pod Security Standard requires the RuntimeDefault or a Localhost profile.
#   Unconfined is reported by PAL-K8S-022.
# related_resources:
# - https://kubernetes.io/docs/tutorials/security/seccomp/
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: PAL-K8S-021
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set securityContext.seccompProfile.type to RuntimeDefault in the pod securityContext.
#   compliance:
#   - cis-k8s-1.10:5.7.2
#   - pss:restricted
#   - nsa-cisa-1.2:hardening-container-environments
#   - nist-800-190:4.4.3
package palisade.kubernetes.seccomp_not_set

import data.lib.kubernetes as k8s

_known := {"RuntimeDefault", "Localhost", "Unconfined"}

pod_type := t if {
	t := k8s.podsec_psc.seccompProfile.type
	t != null
}

# Neither the container nor the pod sets a profile.
deny contains res if {
	not k8s.podsec_windows
	not pod_type
	some x in k8s.containers

	# The container sets no profile type: it is absent, null (or false).
	object.get(x.sc, ["seccompProfile", "type"], null) in {null, false}
	res := {
		"msg": sprintf("Container %q of %s runs without a seccomp profile", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "seccompProfile"]),
	}
}

# A profile type that is not a valid one.
deny contains res if {
	some x in k8s.containers
	t := x.sc.seccompProfile.type
	t != null
	not t in _known
	res := {
		"msg": sprintf("Container %q of %s sets the unknown seccomp profile type %q", [x.container.name, k8s.kind_name, t]),
		"path": array.concat(x.path, ["securityContext", "seccompProfile", "type"]),
	}
}

deny contains res if {
	not pod_type in _known
	res := {
		"msg": sprintf("%s sets the unknown seccomp profile type %q in its pod securityContext", [k8s.kind_name, pod_type]),
		"path": array.concat(k8s.podsec_psc_path, ["seccompProfile", "type"]),
	}
}
