# METADATA
# description: Helpers shared by the runtime rules (input documented in rules/README.md).
package lib.runtime

# event_type is input.event.type: exec, exit, connect, accept, listen, open, setuid, capset,
# setns or unshare.
event_type := input.event.type

process := object.get(input, "process", {})

args := object.get(process, "args", [])

cmdline := object.get(process, "cmdline", concat(" ", args))

# in_container holds for events of processes inside a container (not host processes).
in_container if {
	is_object(input.container)
	not input.host == true
}

# basename is the last element of a slash-separated path.
basename(p) := b if {
	parts := split(p, "/")
	b := parts[count(parts) - 1]
}

# ---------------------------------------------------------------------------
# Shells and other programs by name

shells := {
	"sh", "bash", "rbash", "dash", "ash", "zsh", "ksh", "ksh93", "mksh", "pdksh", "oksh",
	"loksh", "yash", "csh", "tcsh", "fish", "posh",
}

# Multi-call binaries whose applet is chosen by the name they are run as.
multicall := {"busybox", "toybox"}

# names(p) are the names a process-like object ({path, name, comm, args}) runs as: its
# executable's name; comm (the name it was started by: a symlink's or, for a `#!` script, the
# script's); for a multi-call binary (busybox, toybox) or an unknown executable the applet
# name in argv[0]; and for an interpreter (python, node, ruby, perl, php, env) the script it
# runs, so that pip, npm and the like are recognised although python or node is the executable.
names(p) := {n | some n in ((_names(p) | {object.get(p, "comm", "")}) | _script(p)); n != ""}

_names(p) := {object.get(p, "name", "")} if {
	not object.get(p, "name", "") in multicall
	object.get(p, "name", "") != ""
}

_names(p) := {object.get(p, "name", ""), _argv0(p), _applet(p)} if {
	object.get(p, "name", "") in multicall
}

_names(p) := {_argv0(p)} if {
	object.get(p, "name", "") == ""
}

_argv0(p) := basename(object.get(p, "args", [""])[0]) if count(object.get(p, "args", [])) > 0

_argv0(p) := "" if count(object.get(p, "args", [])) == 0

# `busybox sh` runs the applet named by argv[1].
_applet(p) := object.get(p, "args", [])[1] if {
	_argv0(p) in multicall
	count(object.get(p, "args", [])) > 1
} else := ""

_interpreter := `^(python[0-9.]*|node|nodejs|ruby[0-9.]*|perl[0-9.]*|php[0-9.]*|env)$`

_script(p) := {s[0]} if {
	regex.match(_interpreter, object.get(p, "name", ""))
	args := object.get(p, "args", [])
	s := [b | some a in array.slice(args, 1, count(args)); not startswith(a, "-"); b := basename(a); not regex.match(_interpreter, b)]
	count(s) > 0
} else := set()

# named(p, set) holds when process-like p runs as one of the names in set.
named(p, set) if {
	some n in names(p)
	n in set
}

is_shell(p) if named(p, shells)

# process_names, process_named and shell_process are names, named and is_shell of the
# event's process, computed once per evaluation.
process_names := names(process)

process_named(set) if {
	some n in process_names
	n in set
}

shell_process if process_named(shells)

# init_shims are the minimal init processes images run as pid 1 in front of the real program.
init_shims := {"tini", "tini-static", "dumb-init", "catatonit", "docker-init"}

# main_process holds for the container's main program: its first process (the entrypoint) or,
# when that is an init shim (tini, dumb-init, ...), the program the shim started.
main_process if process.entrypoint == true

main_process if {
	not process.entrypoint == true
	named(input.parent, init_shims)
}

# ---------------------------------------------------------------------------
# The behaviour model. Rules about unexpected behaviour stay quiet about what the learned
# model of this (cluster, namespace, image) already knows.

known_process if input.model.knownProcess == true

known_file if input.model.knownFile == true

known_destination if input.model.knownDestination == true

# ---------------------------------------------------------------------------
# Network

# Loopback, private, shared (CGNAT), link-local and unspecified ranges: connections a
# cluster makes to itself.
internal_cidrs := [
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
	"172.16.0.0/12", "192.168.0.0/16", "::/128", "::1/128", "fc00::/7", "fe80::/10",
]

loopback_cidrs := ["127.0.0.0/8", "::1/128"]

internal_address(a) if {
	some c in internal_cidrs
	net.cidr_contains(c, a)
}

loopback_address(a) if {
	some c in loopback_cidrs
	net.cidr_contains(c, a)
}

# public_address holds for an address that is not internal; an address that does not
# parse counts as public.
public_address(a) if not internal_address(a)

# ---------------------------------------------------------------------------
# Messages

# where names the event's origin: `container "app" (image nginx:1.27)` or `the host`.
where := sprintf("container %q (image %s)", [object.get(input.container, "name", ""), object.get(input.container, "image", "")]) if in_container

where := "the host" if not in_container

# command is the command line for messages, cut at 200 bytes.
command := cmdline if count(cmdline) <= 200

command := concat("", [substring(cmdline, 0, 200), "..."]) if count(cmdline) > 200

# proc_desc names the process for messages: its path, or comm when the path is unknown.
proc_desc := object.get(process, "path", "") if object.get(process, "path", "") != ""

proc_desc := object.get(process, "comm", "") if object.get(process, "path", "") == ""

# parent_desc names the parent process for messages.
parent_desc := object.get(input.parent, "path", "") if object.get(object.get(input, "parent", {}), "path", "") != ""

parent_desc := object.get(object.get(input, "parent", {}), "comm", "unknown") if object.get(object.get(input, "parent", {}), "path", "") == ""

# ---------------------------------------------------------------------------
# Package managers

# os_package_managers install and remove the operating system's packages.
os_package_managers := {
	"apt", "apt-get", "aptitude", "dpkg", "yum", "dnf", "dnf5", "microdnf", "tdnf", "rpm",
	"zypper", "apk", "pacman",
}

# installing: the process or one of its ancestors is an OS package manager; maintainer
# scripts and triggers (ldconfig, update-alternatives) run as its descendants.
installing if process_named(os_package_managers)

installing if {
	some a in object.get(input, "ancestors", [])
	named(a, os_package_managers)
}

# netcats are the netcat family and socat: raw network pipes.
netcats := {"nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "pwncat", "socat"}
