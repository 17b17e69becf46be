# METADATA
# title: Process or kernel memory opened
# description: >-
#   A process opened another process's memory through /proc/<pid>/mem (or its own, the route of
#   the Dirty COW family of exploits), or the kernel's through /proc/kcore or /dev/mem. Reading
#   process memory lifts secrets and credentials out of running programs; writing it injects
#   code. Debuggers do this on development machines, not in production containers. Applies to
#   containers and, for kernel memory, to host processes with --host.
# related_resources:
# - https://attack.mitre.org/techniques/T1003/007/
# - https://attack.mitre.org/techniques/T1055/009/
# - https://man7.org/linux/man-pages/man5/proc.5.html
# custom:
#   id: PAL-RT-014
#   severity: HIGH
#   input: runtime
#   events: [open]
#   remediation: >-
#     Find the process and how it was started. Keep CAP_SYS_PTRACE out of containers, do not
#     share the host's PID namespace (hostPID), and keep the RuntimeDefault seccomp profile.
#   compliance:
#   - nist-800-190:4.4.4
#   - nist-800-190:4.5.2
#   - pci-dss-4.0:11.5.1
package palisade.runtime.memory_access

import data.lib.runtime as rt

process_memory(p) if regex.match(`^/proc/(self|thread-self|[0-9]+)(/task/[0-9]+)?/mem$`, p)

kernel_memory(p) if p in {"/proc/kcore", "/dev/mem", "/dev/kmem", "/dev/port"}

deny contains res if {
	rt.event_type == "open"
	rt.in_container
	process_memory(input.file.path)
	res := _result
}

deny contains res if {
	rt.event_type == "open"
	kernel_memory(input.file.path)
	res := _result
}

_mode := "writing" if input.file.write == true

_mode := "reading" if not input.file.write == true

_result := {"msg": sprintf("%s in %s opened %s for %s, started by %s: %s", [rt.proc_desc, rt.where, input.file.path, _mode, rt.parent_desc, rt.command])}
