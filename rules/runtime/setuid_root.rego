# METADATA
# title: Non-root process became root in a container
# description: >-
#   A process in a container that was running as a non-root user called setuid, setreuid or
#   setresuid to take user ID 0 (as real, effective or saved ID). Images run as non-root so that
#   a compromised application is not root; a process that gets there anyway used a setuid-root
#   program (su, sudo, a planted binary) or a kernel exploit.
# related_resources:
# - https://attack.mitre.org/techniques/T1548/001/
# - https://man7.org/linux/man-pages/man2/setresuid.2.html
# custom:
#   id: PAL-RT-013
#   severity: HIGH
#   input: runtime
#   events: [setuid]
#   remediation: >-
#     Find the process and how it was started. Set allowPrivilegeEscalation: false (no_new_privs
#     makes setuid bits inert), runAsNonRoot: true, and remove setuid-root programs from the
#     image.
#   compliance:
#   - nist-800-190:4.4.3
#   - nsa-cisa-1.2:non-root-containers
#   - pci-dss-4.0:10.2.1.2
#   - pci-dss-4.0:11.5.1
package palisade.runtime.setuid_root

import data.lib.runtime as rt

deny contains res if {
	rt.event_type == "setuid"
	rt.in_container
	rt.process.uid != 0
	ids := [name | some name in ["ruid", "euid", "suid"]; input.privilege[name] == 0]
	count(ids) > 0
	res := {"msg": sprintf("%s in %s running as user %d set its %s to 0 (root) with %s, started by %s: %s", [rt.proc_desc, rt.where, rt.process.uid, concat(", ", ids), input.privilege.syscall, rt.parent_desc, rt.command])}
}
