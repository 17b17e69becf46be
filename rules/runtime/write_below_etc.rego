# METADATA
# title: Write below /etc in a container
# description: >-
#   A process in a container opened a file below /etc for writing. /etc holds the system's
#   accounts, name resolution, scheduled jobs, TLS trust and service configuration; changing it
#   at run time is how attackers add users, cron entries or trusted certificates, and drifts the
#   container from its image either way. Left out: the package managers and what they run
#   (reported by PAL-RT-003), and writes the behaviour model of this image has learned (an
#   entrypoint that renders its configuration from templates at every start).
# related_resources:
# - https://attack.mitre.org/techniques/T1543/
# - https://csrc.nist.gov/pubs/sp/800/190/final
# custom:
#   id: PAL-RT-004
#   severity: MEDIUM
#   input: runtime
#   events: [open]
#   remediation: >-
#     Bake configuration into the image or mount it from a ConfigMap or Secret, and run with
#     readOnlyRootFilesystem: true (an emptyDir for the few paths that must be writable).
#   compliance:
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:immutable-filesystem
#   - pci-dss-4.0:11.5.2
package palisade.runtime.write_below_etc

import data.lib.runtime as rt

deny contains res if {
	rt.event_type == "open"
	rt.in_container
	input.file.write == true
	startswith(input.file.path, "/etc/")
	not rt.installing
	not rt.known_file
	res := {"msg": sprintf("%s in %s opened %s for writing: %s", [rt.proc_desc, rt.where, input.file.path, rt.command])}
}
