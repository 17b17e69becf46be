# METADATA
# title: Role can approve certificate signing requests
# description: >-
#   Update on certificatesigningrequests/approval approves CSRs, so its holder can have the
#   cluster issue client certificates for any user or group it likes (together with the approve
#   verb on the signer, which is often granted as "*").
# related_resources:
# - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing
# - https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization
# custom:
#   id: PAL-K8S-093
#   severity: HIGH
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   remediation: Remove update and patch on certificatesigningrequests/approval except for the controller that approves CSRs.
#   compliance:
#   - cis-k8s-1.10:5.1.11
#   - nsa-cisa-1.2:rbac
#   - nist-800-190:4.3.1
package palisade.kubernetes.rbac_csr_approval

import data.lib.kubernetes as k8s

deny contains res if {
	some g in k8s.rbac_resource_grants("certificates.k8s.io", {"certificatesigningrequests/approval"}, {"update", "patch"})
	res := {
		"msg": sprintf("%s can approve certificate signing requests (%s) in rules[%d]", [k8s.kind_name, concat(", ", g.verbs), g.index]),
		"path": g.path,
	}
}
