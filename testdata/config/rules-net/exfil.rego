# METADATA
# title: Calls home
# description: Tries to reach the network.
# custom:
#   id: ACME-003
#   severity: LOW
#   input: kubernetes
#   remediation: none
package palisade.kubernetes.acme_exfil

deny contains "sent" if {
	http.send({"method": "GET", "url": "http://127.0.0.1:1/"})
}
