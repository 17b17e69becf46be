# METADATA
# title: SSH server installed in the image
# description: >-
#   Installing openssh-server, dropbear or the ssh metapackage puts a remote login service in the
#   container. Containers are reached with exec; an SSH daemon adds keys or passwords to manage, a
#   listening port and a second process that bypasses the engine's access control. Checked in the
#   stages that end up in the image.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#dont-install-unnecessary-packages
# custom:
#   id: PAL-DF-035
#   severity: MEDIUM
#   input: dockerfile
#   remediation: Do not install an SSH server; use docker exec or kubectl exec for access.
#   compliance:
#   - cis-docker-1.6:4.3
#   - nist-800-190:4.1.2
package palisade.dockerfile.ssh_server

import data.lib.docker

_ssh_packages := {"openssh-server", "openssh", "dropbear", "dropbear-bin", "ssh", "openssh-server-pam"}

_installs(sh) if {
	sh.name in docker.apt_names
	docker.verb(sh) == "install"
}

_installs(sh) if {
	sh.name == "apk"
	docker.verb(sh) == "add"
}

_installs(sh) if {
	sh.name in (docker.yum_names | {"zypper"})
	docker.verb(sh) in {"install", "in"}
}

_package(p) := lower(regex.replace(p, `[=<>~].*$`, ""))

deny contains res if {
	some r in docker.shipped_runs
	pkgs := [p | some sh in r.commands; _installs(sh); some p in docker.positional(sh); _package(p) in _ssh_packages]
	count(pkgs) > 0
	res := docker.result(r.cmd, sprintf("RUN installs the SSH server package %s", [pkgs[0]]))
}
