# METADATA
# title: Container runs with the root group
# description: >-
#   runAsGroup 0, fsGroup 0 or a 0 in supplementalGroups give the container's processes GID 0.
#   Files and devices that are group-writable by root on the node or in shared volumes become
#   writable, and GID 0 helps in container escapes. The restricted Pod Security Standard lists
#   non-root groups as an optional control.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: PAL-K8S-018
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Set runAsGroup and fsGroup to a non-zero GID and remove 0 from supplementalGroups.
#   compliance:
#   - pss:restricted
#   - nsa-cisa-1.2:non-root-containers
#   - nist-800-190:4.4.3
package palisade.kubernetes.root_group

import data.lib.kubernetes as k8s

deny contains res if {
	some f in ["runAsGroup", "fsGroup"]
	k8s.podsec_psc[f] == 0
	res := {
		"msg": sprintf("%s sets %s to 0 (root group) in its pod securityContext", [k8s.kind_name, f]),
		"path": array.concat(k8s.podsec_psc_path, [f]),
	}
}

deny contains res if {
	some i, g in k8s.podsec_list(object.get(k8s.podsec_psc, "supplementalGroups", []))
	g == 0
	res := {
		"msg": sprintf("%s adds the root group (0) to supplementalGroups", [k8s.kind_name]),
		"path": array.concat(k8s.podsec_psc_path, ["supplementalGroups", i]),
	}
}

deny contains res if {
	some x in k8s.containers
	x.sc.runAsGroup == 0
	res := {
		"msg": sprintf("Container %q of %s runs with the root group (runAsGroup: 0)", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "runAsGroup"]),
	}
}
