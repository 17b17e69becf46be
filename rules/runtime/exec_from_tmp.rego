# METADATA
# title: Program run from a temporary directory in a container
# description: >-
#   A process in a container ran a program that lives in /tmp, /var/tmp, /dev/shm or /run/shm.
#   These directories are world-writable and not where an image installs software; a program
#   run from them was most likely downloaded or written after the container started (dropped
#   malware, an exploit stage). Programs the behaviour model of this image has learned are left
#   out.
# related_resources:
# - https://attack.mitre.org/techniques/T1105/
# - https://attack.mitre.org/techniques/T1036/
# custom:
#   id: PAL-RT-017
#   severity: HIGH
#   input: runtime
#   events: [exec]
#   remediation: >-
#     Find the program and how it got there; compare the container with its image. Mount
#     temporary directories noexec (an emptyDir cannot be, so prefer readOnlyRootFilesystem and
#     a dedicated volume), and redeploy from the image.
#   compliance:
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:immutable-filesystem
#   - pci-dss-4.0:5.2.2
#   - pci-dss-4.0:11.5.1
package palisade.runtime.exec_from_tmp

import data.lib.runtime as rt

_dirs := ["/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/"]

deny contains res if {
	rt.event_type == "exec"
	rt.in_container
	some d in _dirs
	startswith(object.get(rt.process, "path", ""), d)
	not rt.known_process
	res := {"msg": sprintf("%s run from a temporary directory in %s by %s: %s", [rt.proc_desc, rt.where, rt.parent_desc, rt.command])}
}
