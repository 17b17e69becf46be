# METADATA
# title: Custom SELinux options
# description: >-
#   The pod or a container sets an SELinux type other than the container types
#   (container_t, container_init_t, container_kvm_t, container_engine_t), or sets an SELinux user
#   or role. Such labels can give the process the rights of host services (spc_t, for example, is
#   unconfined), defeating SELinux's container separation. The baseline Pod Security Standard
#   forbids them.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container
# custom:
#   id: PAL-K8S-024
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove seLinuxOptions.user and role and the custom type; set only level (MCS categories) if
#     the workload needs a fixed label.
#   compliance:
#   - pss:baseline
#   - nsa-cisa-1.2:hardening-container-environments
#   - nist-800-190:4.4.3
package palisade.kubernetes.selinux

import data.lib.kubernetes as k8s

_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

# settings holds every seLinuxOptions object with its path and a description of its owner.
settings contains {"opts": opts, "path": array.concat(k8s.podsec_psc_path, ["seLinuxOptions"]), "who": k8s.kind_name} if {
	opts := k8s.podsec_obj(k8s.podsec_psc.seLinuxOptions)
}

settings contains {"opts": opts, "path": array.concat(x.path, ["securityContext", "seLinuxOptions"]), "who": who} if {
	some x in k8s.containers
	opts := k8s.podsec_obj(x.sc.seLinuxOptions)
	who := sprintf("container %q of %s", [x.container.name, k8s.kind_name])
}

deny contains res if {
	some s in settings
	t := s.opts.type
	t != null
	not t in _types
	res := {
		"msg": sprintf("SELinux options of %s set the type %q", [s.who, t]),
		"path": array.concat(s.path, ["type"]),
	}
}

deny contains res if {
	some s in settings
	some f in ["user", "role"]
	v := s.opts[f]
	not v in {"", null}
	res := {
		"msg": sprintf("SELinux options of %s set the %s %q", [s.who, f, v]),
		"path": array.concat(s.path, [f]),
	}
}
