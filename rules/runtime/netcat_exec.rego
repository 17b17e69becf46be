# METADATA
# title: Netcat or socat run with a program to execute
# description: >-
#   netcat (nc, ncat, netcat) was started with an option that connects a program to the network
#   connection (-e, -c, --exec, --sh-exec, --lua-exec), or socat with an EXEC: or SYSTEM:
#   address. That is the textbook reverse or bind shell: the remote end drives the program,
#   usually /bin/sh. Applies to containers and, with --host, to host processes.
# related_resources:
# - https://attack.mitre.org/techniques/T1059/004/
# - https://nmap.org/ncat/guide/ncat-exec.html
# custom:
#   id: PAL-RT-016
#   severity: CRITICAL
#   input: runtime
#   events: [exec]
#   remediation: >-
#     Treat the workload as compromised: isolate it, keep it for forensics and find how the
#     command was run. Ship images without netcat or socat.
#   compliance:
#   - nist-800-190:4.4.4
#   - pci-dss-4.0:11.5.1
package palisade.runtime.netcat_exec

import data.lib.runtime as rt

_netcats := rt.netcats - {"socat"}

deny contains res if {
	rt.event_type == "exec"
	rt.process_named(_netcats)
	some a in array.slice(rt.args, 1, count(rt.args))
	regex.match(`^(-[a-zA-Z0-9]*[ec]|--(exec|sh-exec|lua-exec)(=.*)?)$`, a)
	res := _result
}

deny contains res if {
	rt.event_type == "exec"
	rt.process_named({"socat"})
	some a in array.slice(rt.args, 1, count(rt.args))
	regex.match(`(?i)^(exec|system):`, a)
	res := _result
}

_result := {"msg": sprintf("%s in %s was started to run a program over the network, by %s: %s", [rt.proc_desc, rt.where, rt.parent_desc, rt.command])}
