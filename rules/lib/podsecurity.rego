# Helpers for the pod and container security rules (PAL-K8S-002 .. PAL-K8S-039). Every name
# starts with podsec_ so that it cannot clash with helpers of other rule areas.
package lib.kubernetes

# podsec_obj(v) is v when it is an object and {} otherwise (a field written as null or as a
# scalar by mistake must not break a rule).
podsec_obj(v) := v if is_object(v)

else := {}

# podsec_list(v) is v when it is an array and [] otherwise.
podsec_list(v) := v if is_array(v)

else := []

# podsec_psc is the pod-level securityContext ({} when absent).
podsec_psc := podsec_obj(object.get(pod_spec, "securityContext", {}))

# podsec_psc_path is the path to the pod-level securityContext.
podsec_psc_path := array.concat(pod_spec_path, ["securityContext"])

# podsec_csc(c) is the securityContext of container c ({} when absent).
podsec_csc(c) := sc if {
	sc := c.securityContext
	is_object(sc)
} else := {} if is_object(c)

# podsec_csc_path(x) is the path to the securityContext of a containers entry x.
podsec_csc_path(x) := array.concat(x.path, ["securityContext"])

# podsec_windows is true for a Windows pod: one that declares spec.os.name windows, is
# scheduled only on Windows nodes, or runs as a HostProcess pod. Linux-only controls
# (capabilities, seccomp, allowPrivilegeEscalation, read-only root, user namespaces) do not
# apply to it; the API server rejects those fields on pods with spec.os.name windows.
podsec_windows if lower(pod_spec.os.name) == "windows"

podsec_windows if pod_spec.nodeSelector["kubernetes.io/os"] == "windows"

podsec_windows if podsec_psc.windowsOptions.hostProcess == true

# podsec_user_namespace is true when the pod runs in its own user namespace (hostUsers: false):
# UID 0 in the container then maps to an unprivileged UID on the node.
podsec_user_namespace if pod_spec.hostUsers == false

# podsec_cap(name) normalises a capability name: upper case, without a CAP_ prefix.
podsec_cap(name) := trim_prefix(upper(name), "CAP_") if is_string(name)

# podsec_caps(x, list) is the set of normalised capabilities in securityContext.capabilities.<list>
# ("add" or "drop") of containers entry x.
podsec_caps(x, list) := {trim_prefix(upper(c), "CAP_") |
	some c in _podsec_cap_list(podsec_csc(x.container), list)
	is_string(c)
}

# _podsec_cap_list(sc, list) is securityContext sc's capabilities.<list> when it is an array,
# [] otherwise.
_podsec_cap_list(sc, list) := l if {
	caps := sc.capabilities
	is_object(caps)
	l := caps[list]
	is_array(l)
} else := []

# podsec_added_caps holds every capability added by any container:
# {"x": containers entry, "cap": normalised name, "name": as written, "path": path to the list item}.
podsec_added_caps := [entry |
	some x in containers
	l := x.sc.capabilities.add
	is_array(l)
	some j, c in l
	is_string(c)
	entry := {
		"x": x, "cap": podsec_cap(c), "name": c,
		"path": array.concat(x.path, ["securityContext", "capabilities", "add", j]),
	}
]

# podsec_baseline_caps are the capabilities the baseline Pod Security Standard lets a container add.
podsec_baseline_caps := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# podsec_clean_path(p) collapses repeated slashes and drops a trailing slash ("/" stays "/").
podsec_clean_path(p) := c if {
	s := trim_right(regex.replace(p, "/+", "/"), "/")
	c := _podsec_root(s)
}

_podsec_root(s) := "/" if s == ""

else := s

# podsec_under(p, dir) is true when path p is dir or lies below it.
podsec_under(p, dir) if p == dir

podsec_under(p, dir) if {
	dir != "/"
	startswith(p, concat("", [dir, "/"]))
}

# podsec_host_paths holds every hostPath volume with its cleaned host path:
# {"volume": {...}, "index": i, "path": [..., "volumes", i], "host_path": "/var/log"}.
podsec_host_paths := [entry |
	some v in volumes
	hp := object.get(podsec_obj(v.volume), "hostPath", null)
	is_object(hp)
	raw := object.get(hp, "path", "")
	is_string(raw)
	entry := object.union(v, {"host_path": podsec_clean_path(raw)})
]

# podsec_annotations are the annotations of the pod template (or of the Pod).
podsec_annotations := podsec_obj(object.get(pod_metadata, "annotations", {}))

# podsec_annotations_path is the path to those annotations.
podsec_annotations_path := array.concat(pod_path, ["metadata", "annotations"])
