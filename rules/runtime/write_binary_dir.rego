# METADATA
# title: Write below a binary or library directory in a container
# description: >-
#   A process in a container opened a file for writing in a directory of programs or shared
#   libraries (/bin, /sbin, /lib*, /usr/bin, /usr/sbin, /usr/lib*, /usr/libexec,
#   /usr/local/bin, /usr/local/sbin, /usr/local/lib, /boot). Replacing a binary or library, or
#   dropping a new one where the PATH or the dynamic loader finds it, is how tools are planted
#   and how persistence survives a process restart. Left out: the package managers and what
#   they run (reported by PAL-RT-003) and Python writing its bytecode cache (__pycache__/*.pyc).
# related_resources:
# - https://attack.mitre.org/techniques/T1574/006/
# - https://csrc.nist.gov/pubs/sp/800/190/final
# custom:
#   id: PAL-RT-005
#   severity: HIGH
#   input: runtime
#   events: [open]
#   remediation: >-
#     Treat unexplained writes as a compromise: compare the container's files with its image and
#     redeploy from the image. Prevent them with readOnlyRootFilesystem: true and a non-root
#     user that does not own system directories.
#   compliance:
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:immutable-filesystem
#   - pci-dss-4.0:11.5.2
package palisade.runtime.write_binary_dir

import data.lib.runtime as rt

_dirs := [
	"/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/boot/",
	"/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/lib32/", "/usr/lib64/", "/usr/libx32/",
	"/usr/libexec/", "/usr/local/bin/", "/usr/local/sbin/", "/usr/local/lib/",
]

deny contains res if {
	rt.event_type == "open"
	rt.in_container
	input.file.write == true
	some d in _dirs
	startswith(input.file.path, d)
	not rt.installing
	not bytecode_cache
	res := {"msg": sprintf("%s in %s opened %s for writing: %s", [rt.proc_desc, rt.where, input.file.path, rt.command])}
}

bytecode_cache if {
	contains(input.file.path, "/__pycache__/")
	endswith(input.file.path, ".pyc")
}
