# METADATA
# title: Network listener opened by a shell or netcat in a container
# description: >-
#   A shell, netcat (nc, ncat, netcat) or socat started listening on a port inside a container.
#   Services listen through their own server; a shell or netcat listening is a bind shell or a
#   makeshift channel for moving files in or out.
# related_resources:
# - https://attack.mitre.org/techniques/T1059/004/
# - https://attack.mitre.org/techniques/T1095/
# custom:
#   id: PAL-RT-015
#   severity: HIGH
#   input: runtime
#   events: [listen]
#   remediation: >-
#     Treat the workload as compromised: isolate it with a deny-all NetworkPolicy and find how the
#     tool was started. Restrict ingress to the ports the application serves, and ship images
#     without netcat or socat.
#   compliance:
#   - nist-800-190:4.4.2
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:network-policies
#   - pci-dss-4.0:11.5.1
package palisade.runtime.shell_listener

import data.lib.runtime as rt

deny contains res if {
	rt.event_type == "listen"
	rt.in_container
	rt.process_named(rt.shells | rt.netcats)
	res := {"msg": sprintf("%s in %s listens on %s port %d, started by %s: %s", [rt.proc_desc, rt.where, upper(object.get(input.network, "protocol", "tcp")), input.network.port, rt.parent_desc, rt.command])}
}
