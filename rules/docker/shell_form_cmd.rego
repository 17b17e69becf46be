# METADATA
# title: CMD or ENTRYPOINT in shell form
# description: >-
#   The shell form runs the command as a child of /bin/sh -c, which becomes PID 1 and does not
#   forward SIGTERM: the application is not stopped gracefully and is killed after the timeout.
#   The effective CMD and ENTRYPOINT of the image are checked; a shell form that starts with exec
#   is accepted.
# related_resources:
# - https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
# - https://docs.docker.com/reference/build-checks/json-args-recommended/
# custom:
#   id: PAL-DF-020
#   severity: LOW
#   input: dockerfile
#   remediation: Use the exec (JSON) form, e.g. CMD ["nginx", "-g", "daemon off;"].
package palisade.dockerfile.shell_form_cmd

import data.lib.docker

deny contains res if {
	some name in ["cmd", "entrypoint"]
	cs := [c | some c in docker.shipped_in_order; c.cmd == name]
	count(cs) > 0
	c := cs[count(cs) - 1]
	not c.json
	line := concat(" ", c.value)
	trim_space(line) != ""
	not startswith(trim_space(line), "exec ")
	res := docker.result(c, sprintf("%s uses the shell form, so the process does not receive stop signals", [upper(name)]))
}
