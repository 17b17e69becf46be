# METADATA
# title: Secret values committed in a manifest
# description: >-
#   A Secret object written with data or stringData puts the credential itself, merely base64
#   encoded, into the manifest and so into version control, CI logs and every copy of the
#   repository. Generated Secrets (service account tokens, Helm release records, Secrets owned
#   by a controller) and Secrets read from a cluster that were not applied from a manifest are
#   not reported.
# related_resources:
# - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# - https://kubernetes.io/docs/concepts/configuration/secret/
# custom:
#   id: PAL-K8S-053
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Secret]
#   remediation: Keep secret values out of manifests; create the Secret from an external secret store (External Secrets, Secrets Store CSI driver) or commit it only in encrypted form (Sealed Secrets, SOPS).
#   compliance:
#   - cis-k8s-1.10:5.4.2
#   - nsa-cisa-1.2:secrets
#   - nist-800-190:4.1.4
package palisade.kubernetes.secret_in_manifest

import data.lib.kubernetes as k8s

_generated_types := {"kubernetes.io/service-account-token", "helm.sh/release.v1"}

deny contains res if {
	not _generated
	some field in ["data", "stringData"]
	count(object.get(input, field, {})) > 0
	res := {
		"msg": sprintf("Secret %q carries its values in %s in the manifest", [k8s.name, field]),
		"path": [field],
	}
}

_generated if object.get(input, "type", "") in _generated_types

_generated if count(object.get(input, ["metadata", "ownerReferences"], [])) > 0

# Read from a cluster (it has a uid) and not applied from a file with kubectl apply.
_generated if {
	input.metadata.uid
	not input.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]
}
