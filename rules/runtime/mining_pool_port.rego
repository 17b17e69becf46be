# METADATA
# title: Connection to a crypto-mining pool port
# description: >-
#   A process opened an outbound connection to a public address on a port that mining pools
#   commonly serve the Stratum protocol on (3333-3336, 3357, 4444, 5555, 5556, 5588, 5730,
#   6099, 6666, 7777, 7778, 9332, 9999, 14433, 14444, 45560, 45700; the list Falco's rules keep,
#   without the web and mail ports that would drown it). Hijacked containers are most often put
#   to mining. A port alone is weak evidence: internal addresses and destinations the behaviour
#   model of this image has learned are left out, and PAL-RT-010 reports miners by name.
#   Applies to containers and, with --host, to host processes.
# related_resources:
# - https://attack.mitre.org/techniques/T1496/
# - https://github.com/falcosecurity/rules/blob/main/rules/falco-sandbox_rules.yaml
# custom:
#   id: PAL-RT-009
#   severity: MEDIUM
#   input: runtime
#   events: [connect]
#   remediation: >-
#     Check what the process is and whether the destination is a mining pool (CPU use, the
#     binary's hash). Restrict egress with NetworkPolicies that allow only the destinations the
#     workload needs.
#   compliance:
#   - nist-800-190:4.4.2
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:network-policies
#   - pci-dss-4.0:11.5.1
package palisade.runtime.mining_pool_port

import data.lib.runtime as rt

ports := {
	3333, 3334, 3335, 3336, 3357, 4444, 5555, 5556, 5588, 5730, 6099, 6666, 7777, 7778, 9332,
	9999, 14433, 14444, 45560, 45700,
}

deny contains res if {
	rt.event_type == "connect"
	input.network.direction == "outbound"
	input.network.port in ports
	rt.public_address(input.network.address)
	not rt.known_destination
	res := {"msg": sprintf("%s in %s connected to %s port %d, a common mining pool port: %s", [rt.proc_desc, rt.where, input.network.address, input.network.port, rt.command])}
}
