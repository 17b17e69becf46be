# METADATA
# title: Dangerous capability made effective in a container
# description: >-
#   A process in a container, other than the container's main process (its entrypoint or
#   the program its init shim started), called capset and ended up
#   with CAP_SYS_ADMIN, CAP_SYS_PTRACE, CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_DAC_READ_SEARCH or
#   CAP_BPF in its effective set. Each is enough to escape the container or read other
#   processes' memory; a process switching one on after the container started is preparing to
#   use it. The event carries the new sets only, so a capset that keeps an already effective
#   capability matches too.
# related_resources:
# - https://man7.org/linux/man-pages/man7/capabilities.7.html
# - https://attack.mitre.org/techniques/T1611/
# custom:
#   id: PAL-RT-012
#   severity: HIGH
#   input: runtime
#   events: [capset]
#   remediation: >-
#     Find the process and how it was started. Drop all capabilities in the pod's
#     securityContext and add back only those the application needs; none of these belongs in
#     an application container.
#   compliance:
#   - nist-800-190:4.4.3
#   - nist-800-190:4.5.2
#   - pci-dss-4.0:11.5.1
package palisade.runtime.dangerous_capability

import data.lib.runtime as rt

_dangerous := {"CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_DAC_READ_SEARCH", "CAP_BPF"}

_cap(c) := upper(c) if startswith(upper(c), "CAP_")

_cap(c) := concat("", ["CAP_", upper(c)]) if not startswith(upper(c), "CAP_")

deny contains res if {
	rt.event_type == "capset"
	rt.in_container
	not rt.main_process
	caps := {c | some x in object.get(input.privilege, "capEffective", []); c := _cap(x); c in _dangerous}
	count(caps) > 0
	res := {"msg": sprintf("%s in %s made %s effective with capset, started by %s: %s", [rt.proc_desc, rt.where, concat(", ", sort(caps)), rt.parent_desc, rt.command])}
}
