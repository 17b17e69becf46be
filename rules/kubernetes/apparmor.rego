# METADATA
# title: AppArmor profile disabled or overridden
# description: >-
#   On nodes with AppArmor the runtime confines containers with its default profile. The pod
#   turns that off or replaces it with something other than the runtime default or a profile
#   loaded on the node: an appArmorProfile type other than RuntimeDefault or Localhost, or a
#   container.apparmor.security.beta.kubernetes.io annotation other than runtime/default or
#   localhost/<profile>. The baseline Pod Security Standard forbids this.
# related_resources:
# - https://kubernetes.io/docs/tutorials/security/apparmor/
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-023
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove the override, or set appArmorProfile.type to RuntimeDefault (or Localhost with a
#     profile loaded on every node).
#   compliance:
#   - pss:baseline
#   - nsa-cisa-1.2:hardening-container-environments
#   - nist-800-190:4.4.3
package palisade.kubernetes.apparmor

import data.lib.kubernetes as k8s

_types := {"RuntimeDefault", "Localhost"}

_prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains res if {
	t := k8s.podsec_psc.appArmorProfile.type
	not t in _types
	res := {
		"msg": sprintf("%s sets the AppArmor profile type %q for all its containers", [k8s.kind_name, t]),
		"path": array.concat(k8s.podsec_psc_path, ["appArmorProfile", "type"]),
	}
}

deny contains res if {
	some x in k8s.containers
	t := x.sc.appArmorProfile.type
	not t in _types
	res := {
		"msg": sprintf("Container %q of %s sets the AppArmor profile type %q", [x.container.name, k8s.kind_name, t]),
		"path": array.concat(x.path, ["securityContext", "appArmorProfile", "type"]),
	}
}

deny contains res if {
	some key, value in k8s.podsec_annotations
	startswith(key, _prefix)
	not _allowed_annotation(value)
	res := {
		"msg": sprintf("Container %q of %s sets the AppArmor profile %q through an annotation", [substring(key, count(_prefix), -1), k8s.kind_name, value]),
		"path": array.concat(k8s.podsec_annotations_path, [key]),
	}
}

_allowed_annotation(v) if v == ""

_allowed_annotation(v) if v == "runtime/default"

_allowed_annotation(v) if startswith(v, "localhost/")
