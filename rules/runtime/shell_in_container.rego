# METADATA
# title: Shell started in a container
# description: >-
#   A command shell (sh, bash, dash, ash, zsh, ksh, busybox sh and the like) was started inside a
#   container, and not as the container's main process. Production containers rarely need a
#   shell after they start: one usually means someone ran `kubectl exec` or `docker exec`, or an
#   attacker turned remote code execution in the application into a command line. Left out: a
#   shell that is the container's main program (its entrypoint, or what its init shim such as
#   tini started), a shell script started by another shell (a startup script calling the next
#   one), and shells the behaviour model of this image has learned.
# related_resources:
# - https://attack.mitre.org/techniques/T1059/004/
# - https://csrc.nist.gov/pubs/sp/800/190/final
# custom:
#   id: PAL-RT-001
#   severity: MEDIUM
#   input: runtime
#   events: [exec]
#   remediation: >-
#     Find out who started the shell (the parent process and the Kubernetes audit log for exec
#     calls). Restrict pods/exec in RBAC, build images without a shell (distroless or scratch)
#     where possible, and run probes and maintenance as Jobs rather than exec sessions.
#   compliance:
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:rbac
#   - pci-dss-4.0:10.2.1.2
#   - pci-dss-4.0:11.5.1
package palisade.runtime.shell_in_container

import data.lib.runtime as rt

deny contains res if {
	rt.event_type == "exec"
	rt.in_container
	rt.shell_process
	not rt.main_process
	not script_run_by_shell
	not rt.known_process
	res := {"msg": sprintf("Shell %s started in %s by %s: %s", [rt.proc_desc, rt.where, rt.parent_desc, rt.command])}
}

# script_run_by_shell: a shell running a script file (an operand, and no -c, -i or -s option)
# whose parent is a shell, as when docker-entrypoint.sh runs /docker-entrypoint.d/*.sh.
script_run_by_shell if {
	rt.is_shell(input.parent)
	some a in array.slice(rt.args, 1, count(rt.args))
	not startswith(a, "-")
	not command_or_interactive
}

command_or_interactive if {
	some a in array.slice(rt.args, 1, count(rt.args))
	regex.match(`^-[A-Za-z]*[cis]`, a)
}
