# METADATA
# title: Package manager run in a container
# description: >-
#   A package manager installed, removed or upgraded software inside a running container: an OS
#   package manager (apt, apt-get, dpkg, yum, dnf, rpm, apk, zypper, pacman) or a language one
#   (pip, npm, yarn, pnpm, gem, cargo, go install). Containers are meant to be immutable: what
#   runs should be what the image scan saw. Installing at run time brings in unscanned code,
#   drifts replicas apart, and is a common step of an intrusion (fetching tools). Queries such
#   as `dpkg -l` or `rpm -q` are left out.
# related_resources:
# - https://attack.mitre.org/techniques/T1105/
# - https://csrc.nist.gov/pubs/sp/800/190/final
# custom:
#   id: PAL-RT-003
#   severity: MEDIUM
#   input: runtime
#   events: [exec]
#   remediation: >-
#     Install everything the application needs when the image is built, then rebuild and
#     redeploy instead of patching running containers. A read-only root filesystem
#     (readOnlyRootFilesystem: true) makes such changes fail.
#   compliance:
#   - nist-800-190:4.4.4
#   - nsa-cisa-1.2:immutable-filesystem
#   - pci-dss-4.0:11.5.2
package palisade.runtime.package_manager

import data.lib.runtime as rt

# Subcommands and options that change what is installed, per package manager.
_changes := {
	"apt": {"install", "reinstall", "remove", "purge", "upgrade", "full-upgrade", "dist-upgrade", "autoremove", "update"},
	"apt-get": {"install", "reinstall", "remove", "purge", "upgrade", "dist-upgrade", "autoremove", "update", "build-dep"},
	"aptitude": {"install", "reinstall", "remove", "purge", "upgrade", "safe-upgrade", "full-upgrade", "update"},
	"dpkg": {"-i", "--install", "--unpack", "--configure", "-r", "--remove", "-P", "--purge"},
	"yum": {"install", "reinstall", "remove", "erase", "update", "upgrade", "downgrade", "localinstall", "groupinstall"},
	"dnf": {"install", "reinstall", "remove", "erase", "update", "upgrade", "downgrade", "distro-sync"},
	"dnf5": {"install", "reinstall", "remove", "upgrade", "downgrade", "distro-sync"},
	"microdnf": {"install", "reinstall", "remove", "update", "upgrade"},
	"tdnf": {"install", "reinstall", "remove", "erase", "update", "upgrade", "downgrade"},
	"zypper": {"install", "in", "remove", "rm", "update", "up", "dist-upgrade", "dup", "patch"},
	"apk": {"add", "del", "upgrade", "fix", "update"},
	"pip": {"install", "uninstall", "download"},
	"pipx": {"install", "upgrade", "inject"},
	"uv": {"install", "add", "sync"},
	"npm": {"install", "i", "add", "ci", "update", "uninstall"},
	"pnpm": {"install", "i", "add", "update"},
	"yarn": {"install", "add", "upgrade"},
	"gem": {"install", "update"},
	"cargo": {"install"},
	"go": {"install", "get"},
}

# manager is the package manager the process runs as (pip3, pip3.12 count as pip).
manager := m if {
	some n in rt.process_names
	m := _normal(n)
	_changes[m]
}

_normal(n) := "pip" if regex.match(`^pip[0-9.]*$`, n)

_normal(n) := n if not regex.match(`^pip[0-9.]*$`, n)

_operands := array.slice(rt.args, 1, count(rt.args))

deny contains res if {
	rt.event_type == "exec"
	rt.in_container
	some op in _operands
	op in _changes[manager]
	res := _result
}

# rpm and pacman select the operation with a short option: rpm -i/-U/-F/-e (-ivh, -Uvh),
# pacman -S/-U/-R (-Syu).
deny contains res if {
	rt.event_type == "exec"
	rt.in_container
	some n in rt.process_names
	some op in _operands
	_short_change(n, op)
	res := _result
}

_short_change("rpm", op) if regex.match(`^(-[a-zA-Z]*[iUFe][a-zA-Z]*|--(install|upgrade|freshen|erase|reinstall))$`, op)

_short_change("pacman", op) if regex.match(`^(-[a-zA-Z]*[SUR][a-zA-Z]*|--(sync|upgrade|remove))$`, op)

# python -m pip install ...
deny contains res if {
	rt.event_type == "exec"
	rt.in_container
	some n in rt.process_names
	startswith(n, "python")
	some i, a in rt.args
	a == "-m"
	regex.match(`^pip[0-9.]*$`, rt.args[i + 1])
	some op in array.slice(rt.args, i + 2, count(rt.args))
	op in _changes.pip
	res := _result
}

_result := {"msg": sprintf("Package manager %s run in %s by %s: %s", [rt.proc_desc, rt.where, rt.parent_desc, rt.command])}
