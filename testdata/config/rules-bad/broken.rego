# METADATA
# title: Broken
# description: Has a syntax error.
# custom:
#   id: ACME-002
#   severity: LOW
#   input: kubernetes
#   remediation: none
package palisade.kubernetes.acme_broken

deny contains msg if {
	msg := "x" +
}
