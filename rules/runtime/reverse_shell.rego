# METADATA
# title: Reverse shell
# description: >-
#   A shell was started with its standard input or output connected to a network socket. That
#   is how reverse and bind shells work (`nc -e /bin/sh`, a Python or Perl one-liner that dup2s
#   a socket onto the shell's descriptors): whoever is at the other end of the connection types
#   commands into the shell. Interactive use goes through a terminal and scripts through pipes,
#   so a shell talking straight to a socket is almost never legitimate. Applies to containers
#   and, with --host, to host processes.
# related_resources:
# - https://attack.mitre.org/techniques/T1059/004/
# - https://github.com/falcosecurity/rules/blob/main/rules/falco_rules.yaml
# custom:
#   id: PAL-RT-002
#   severity: CRITICAL
#   input: runtime
#   events: [exec]
#   remediation: >-
#     Treat the workload as compromised: isolate it (a deny-all NetworkPolicy), keep the pod for
#     forensics, find the remote address in the connection events, and patch the way in before
#     redeploying from a known-good image.
#   compliance:
#   - nist-800-190:4.4.2
#   - nist-800-190:4.4.4
#   - pci-dss-4.0:11.5.1
package palisade.runtime.reverse_shell

import data.lib.runtime as rt

deny contains res if {
	rt.event_type == "exec"
	rt.shell_process
	streams := [s | some s, f in {"stdin": "stdinSocket", "stdout": "stdoutSocket"}; rt.process[f] == true]
	count(streams) > 0
	res := {"msg": sprintf("Shell %s in %s runs with its %s connected to a network socket (reverse shell), started by %s: %s", [rt.proc_desc, rt.where, concat(" and ", sort(streams)), rt.parent_desc, rt.command])}
}
