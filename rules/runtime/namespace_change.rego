# METADATA
# title: Namespace change in a container
# description: >-
#   A process in a container called setns (joining another process's namespaces) or unshare
#   (creating new ones). Applications do neither; from inside a container, joining the host's
#   namespaces is how an escape with a privileged or host-PID container finishes (nsenter -t 1),
#   and new user and mount namespaces are a step of several kernel exploits. Web browsers and
#   bubblewrap, which unshare to sandbox themselves, are left out for unshare.
# related_resources:
# - https://attack.mitre.org/techniques/T1611/
# - https://man7.org/linux/man-pages/man2/setns.2.html
# custom:
#   id: PAL-RT-011
#   severity: HIGH
#   input: runtime
#   events: [setns, unshare]
#   remediation: >-
#     Find the process and how it was started. Keep containers unprivileged, without host
#     namespaces (hostPID, hostNetwork, hostIPC) and with the RuntimeDefault seccomp profile,
#     which blocks these calls for unprivileged containers.
#   compliance:
#   - nist-800-190:4.4.3
#   - nist-800-190:4.5.2
#   - pci-dss-4.0:11.5.1
package palisade.runtime.namespace_change

import data.lib.runtime as rt

_sandboxes := {"chrome", "chromium", "chromium-browser", "chrome-sandbox", "headless_shell", "firefox", "firefox-bin", "bwrap"}

_flags := object.get(object.get(input, "namespaces", {}), "flags", [])

deny contains res if {
	rt.event_type == "setns"
	rt.in_container
	res := {"msg": sprintf("%s in %s joined another process's %s namespace(s) with setns: %s", [rt.proc_desc, rt.where, concat(", ", _flags), rt.command])}
}

deny contains res if {
	rt.event_type == "unshare"
	rt.in_container
	count(_flags) > 0
	not rt.process_named(_sandboxes)
	res := {"msg": sprintf("%s in %s created new %s namespace(s) with unshare: %s", [rt.proc_desc, rt.where, concat(", ", _flags), rt.command])}
}
