# METADATA
# title: Workload without a team label
# description: Every workload must say which team owns it.
# related_resources:
# - https://example.com/policies/labels
# custom:
#   id: ACME-001
#   severity: LOW
#   input: kubernetes
#   kinds: [workload]
#   remediation: Add a metadata.labels.team label.
package palisade.kubernetes.acme_team_label

import data.lib.kubernetes as k8s

deny contains {"msg": sprintf("%s has no team label", [k8s.kind_name]), "path": ["metadata"]} if {
	not input.metadata.labels.team
}
