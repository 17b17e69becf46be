# METADATA
# title: Kernel parameter or cgroup control file written from a container
# description: >-
#   A process in a container opened for writing a kernel parameter under /proc/sys or a cgroup
#   release_agent or notify_on_release file under /sys/fs/cgroup. Those files change the whole
#   node, not the container, and two of them are classic escapes: the kernel runs
#   /proc/sys/kernel/core_pattern's program and a cgroup's release_agent as root on the host.
#   Containers can write them only when privileged or with /proc or /sys mounted writable.
# related_resources:
# - https://attack.mitre.org/techniques/T1611/
# - https://man7.org/linux/man-pages/man7/cgroups.7.html
# - https://man7.org/linux/man-pages/man5/core.5.html
# custom:
#   id: PAL-RT-019
#   severity: CRITICAL
#   input: runtime
#   events: [open]
#   remediation: >-
#     Treat the node as compromised if the write is unexplained. Do not run privileged
#     containers; set namespaced sysctls through the pod's securityContext.sysctls instead of
#     writing /proc/sys.
#   compliance:
#   - nist-800-190:4.4.3
#   - nist-800-190:4.5.2
#   - nist-800-190:4.5.5
#   - pci-dss-4.0:11.5.1
package palisade.runtime.kernel_tunable_write

import data.lib.runtime as rt

node_control_file(p) if startswith(p, "/proc/sys/")

node_control_file(p) if {
	startswith(p, "/sys/fs/cgroup/")
	rt.basename(p) in {"release_agent", "notify_on_release"}
}

deny contains res if {
	rt.event_type == "open"
	rt.in_container
	input.file.write == true
	node_control_file(input.file.path)
	res := {"msg": sprintf("%s in %s opened %s for writing, started by %s: %s", [rt.proc_desc, rt.where, input.file.path, rt.parent_desc, rt.command])}
}
