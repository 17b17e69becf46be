package lib.runtime_input

# event builds a runtime input for Rego tests: an event of type t from an nginx worker in a
# Kubernetes container whose behaviour model has not learned anything, deep-merged with
# overrides (object.union). pid and time are set as the probe would; the evaluator removes
# them before rules run, and rules must not depend on them.
event(t, overrides) := object.union(
	{
		"event": {"type": t, "time": "2025-01-02T03:04:05Z"},
		"process": {
			"pid": 4242, "ppid": 4200, "uid": 101, "gid": 101,
			"comm": "nginx", "path": "/usr/sbin/nginx", "name": "nginx",
			"args": ["nginx: worker process"], "cmdline": "nginx: worker process",
			"stdinSocket": false, "stdoutSocket": false, "entrypoint": false,
		},
		"parent": {"pid": 4200, "path": "/usr/sbin/nginx", "name": "nginx", "comm": "nginx"},
		"ancestors": [{"pid": 4200, "path": "/usr/sbin/nginx", "name": "nginx", "comm": "nginx"}],
		"container": {
			"id": "3f4e5d6c7b8a", "runtime": "containerd", "name": "web", "image": "nginx:1.27",
			"repository": "index.docker.io/library/nginx", "imageDigest": "sha256:0123",
		},
		"kubernetes": {"cluster": "prod", "node": "node-1", "namespace": "shop", "pod": "web-abc"},
		"model": {"state": "none", "knownProcess": false, "knownFile": false, "knownDestination": false, "knownListen": false},
		"host": false,
	},
	overrides,
)

# exec is an exec event of the program at path with argv args.
exec(path, args, overrides) := event("exec", object.union({"process": _proc(path, args)}, overrides))

_proc(path, args) := {
	"path": path, "name": _base(path), "comm": substring(_base(args[0]), 0, 15),
	"args": args, "cmdline": concat(" ", args),
}

_base(p) := b if {
	parts := split(p, "/")
	b := parts[count(parts) - 1]
}

# as_proc makes the process of an event the program at path (for non-exec events).
as_proc(path, args) := {"process": _proc(path, args)}

# host turns an event into one of a host process.
host(e) := object.union(object.remove(e, ["container"]), {"host": true})

# shell_parent makes the parent (and only ancestor) /bin/sh.
shell_parent := {
	"parent": {"path": "/bin/sh", "name": "sh", "comm": "sh"},
	"ancestors": [{"path": "/bin/sh", "name": "sh", "comm": "sh"}],
}
