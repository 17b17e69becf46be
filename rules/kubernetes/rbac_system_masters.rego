# METADATA
# title: Use of the system:masters group
# description: >-
#   Members of system:masters bypass authorization entirely, and a client certificate naming it
#   cannot be revoked: removing RBAC bindings has no effect until the certificate expires. It
#   should only appear in the break-glass credentials the cluster was installed with, not in
#   bindings or certificate signing requests.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
# - https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/
# custom:
#   id: PAL-K8S-089
#   severity: HIGH
#   input: kubernetes
#   kinds: [ClusterRoleBinding, RoleBinding, CertificateSigningRequest]
#   remediation: >-
#     Do not issue credentials in system:masters; give administrators their own group bound to a
#     ClusterRole, so that access can be withdrawn by changing RBAC.
#   compliance:
#   - cis-k8s-1.10:5.1.7
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_system_masters

import data.lib.kubernetes as k8s

deny contains res if {
	input.kind in {"ClusterRoleBinding", "RoleBinding"}
	not k8s.rbac_builtin
	some i, s in object.get(input, "subjects", [])
	s.kind == "Group"
	s.name == "system:masters"
	res := {
		"msg": sprintf("%s has the system:masters group as a subject, whose members bypass RBAC", [k8s.kind_name]),
		"path": ["subjects", i, "name"],
	}
}

deny contains res if {
	input.kind == "CertificateSigningRequest"
	request := input.spec.request
	is_string(request)
	csr := crypto.x509.parse_certificate_request(request)
	"system:masters" in object.get(csr, ["Subject", "Organization"], [])
	res := {
		"msg": sprintf("%s asks for a certificate in the system:masters group, which bypasses RBAC and cannot be revoked", [k8s.kind_name]),
		"path": ["spec", "request"],
	}
}
