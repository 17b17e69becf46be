# METADATA
# title: runAsNonRoot not set to true
# description: >-
#   Without runAsNonRoot: true the kubelet starts the container with whatever user the image
#   declares, which is root for most images. The restricted Pod Security Standard requires
#   runAsNonRoot: true on the pod or on every container, and no container may set it to false.
#   Pods that run in their own user namespace (hostUsers: false) are exempt.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: PAL-K8S-016
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Set securityContext.runAsNonRoot: true on the pod (and a non-zero runAsUser, or a numeric
#     non-root USER in the image).
#   compliance:
#   - cis-k8s-1.10:5.2.7
#   - pss:restricted
#   - nsa-cisa-1.2:non-root-containers
#   - nist-800-190:4.4.3
package palisade.kubernetes.run_as_non_root

import data.lib.kubernetes as k8s

# The pod sets runAsNonRoot to something other than true.
deny contains res if {
	not k8s.podsec_user_namespace
	k8s.podsec_psc.runAsNonRoot != true
	res := {
		"msg": sprintf("%s sets runAsNonRoot to %v in its pod securityContext", [k8s.kind_name, k8s.podsec_psc.runAsNonRoot]),
		"path": array.concat(k8s.podsec_psc_path, ["runAsNonRoot"]),
	}
}

# A container sets runAsNonRoot to something other than true.
deny contains res if {
	not k8s.podsec_user_namespace
	some x in k8s.containers
	csc := x.sc
	csc.runAsNonRoot != true
	res := {
		"msg": sprintf("Container %q of %s sets runAsNonRoot to %v", [x.container.name, k8s.kind_name, csc.runAsNonRoot]),
		"path": array.concat(x.path, ["securityContext", "runAsNonRoot"]),
	}
}

# Neither the pod nor the container sets it.
deny contains res if {
	not k8s.podsec_user_namespace
	not k8s.has_key(k8s.podsec_psc, "runAsNonRoot")
	some x in k8s.containers

	# not k8s.has_key(x.sc, "runAsNonRoot"), without a function call per container
	not x.sc.runAsNonRoot == x.sc.runAsNonRoot
	res := {
		"msg": sprintf("Container %q of %s does not set runAsNonRoot to true, on the container or on the pod", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "runAsNonRoot"]),
	}
}
