# METADATA
# title: Credential file opened by an unexpected process in a container
# description: >-
#   A process in a container opened a file that holds password hashes, sudo rules or SSH
#   private keys: /etc/shadow, /etc/gshadow (and their - backups), /etc/sudoers and
#   /etc/sudoers.d/, /etc/security/opasswd, SSH host keys in /etc/ssh, and private keys in
#   /root/.ssh. Applications almost never read them; attackers do, to crack passwords or reuse
#   keys elsewhere. Expected readers are left out: the container's main process (its entrypoint, or the program its init shim such as tini
#   started), and
#   opens the behaviour model of this image has learned.
# related_resources:
# - https://attack.mitre.org/techniques/T1003/008/
# - https://attack.mitre.org/techniques/T1552/004/
# custom:
#   id: PAL-RT-006
#   severity: HIGH
#   input: runtime
#   events: [open]
#   remediation: >-
#     Find the process and how it was started (its parent and ancestors). Images should not ship
#     password hashes or private keys at all: remove them, run as a non-root user that cannot
#     read them, and rotate any key that may have been read.
#   compliance:
#   - nist-800-190:4.4.4
#   - nist-800-190:4.1.4
#   - pci-dss-4.0:11.5.1
package palisade.runtime.credential_file_read

import data.lib.runtime as rt

_files := {
	"/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/sudoers",
	"/etc/security/opasswd",
}

credential_file(p) if p in _files

credential_file(p) if startswith(p, "/etc/sudoers.d/")

credential_file(p) if regex.match(`^/etc/ssh/ssh_host_[a-z0-9]+_key$`, p)

credential_file(p) if {
	regex.match(`^/root/\.ssh/[^/]+$`, p)
	not endswith(p, ".pub")
	not rt.basename(p) in {"known_hosts", "known_hosts.old", "config", "authorized_keys", "authorized_keys2"}
}

deny contains res if {
	rt.event_type == "open"
	rt.in_container
	credential_file(input.file.path)
	not rt.main_process
	not rt.known_file
	mode := {true: "writing", false: "reading"}[object.get(input.file, "write", false) == true]
	res := {"msg": sprintf("%s in %s opened %s for %s, started by %s: %s", [rt.proc_desc, rt.where, input.file.path, mode, rt.parent_desc, rt.command])}
}
