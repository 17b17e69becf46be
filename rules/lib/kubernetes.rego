# METADATA
# description: Helpers shared by the Kubernetes rules.
package lib.kubernetes

# workload_kinds are the kinds that carry a pod template.
workload_kinds := {
	"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	"ReplicationController", "Job", "CronJob", "PodTemplate",
}

is_workload if input.kind in workload_kinds

_template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

# pod_path is the path from the object to its pod template (the object itself for a Pod).
pod_path := [] if input.kind == "Pod"

pod_path := ["spec", "template"] if input.kind in _template_kinds

pod_path := ["template"] if input.kind == "PodTemplate"

pod_path := ["spec", "jobTemplate", "spec", "template"] if input.kind == "CronJob"

# pod_spec_path is the path to the pod spec.
pod_spec_path := array.concat(pod_path, ["spec"])

pod_spec := object.get(input, pod_spec_path, {})

pod_metadata := object.get(input, array.concat(pod_path, ["metadata"]), {})

pod_security_context := object.get(pod_spec, "securityContext", {})

name := object.get(input, ["metadata", "name"], "")

namespace := object.get(input, ["metadata", "namespace"], "default")

# kind_name is "Deployment web" for messages.
kind_name := sprintf("%s %q", [input.kind, name])

container_types := ["initContainers", "containers", "ephemeralContainers"]

# containers holds every container of the pod template with its path:
# {"container": {...}, "type": "containers", "index": 0, "path": [..., "containers", 0]}.
containers := [x |
	some t in container_types
	some i, c in object.get(pod_spec, t, [])
	x := {"container": c, "type": t, "index": i, "path": array.concat(pod_spec_path, [t, i])}
]

# app_containers leaves out ephemeral (debug) containers.
app_containers := [x |
	some x in containers
	x.type != "ephemeralContainers"
]

# volumes holds every pod volume with its path.
volumes := [x |
	some i, v in object.get(pod_spec, "volumes", [])
	x := {"volume": v, "index": i, "path": array.concat(pod_spec_path, ["volumes", i])}
]

# has_key is true when obj has key k, whatever its value (false and null included).
has_key(obj, k) if {
	_ = obj[k]
}

# container_sc(c, f) is the container's securityContext field f, or the pod's when the
# container does not set it; undefined when neither does.
container_sc(c, f) := v if {
	v := c.securityContext[f]
} else := pod_security_context[f] if {
	not has_key(object.get(c, "securityContext", {}), f)
}

# image_parts splits an image reference into registry, repository, tag and digest.
image_parts(ref) := {"name": n, "tag": t, "digest": d} if {
	at := split(ref, "@")
	d := _digest(at)
	base := at[0]
	last := regex.replace(base, "^.*/", "")
	colon := indexof(last, ":")
	t := _tag(last, colon)
	n := trim_suffix(base, concat("", [":", t]))
}

_digest(at) := at[1] if count(at) > 1

else := "" if count(at) == 1

_tag(last, colon) := "" if colon < 0

else := substring(last, colon + 1, -1)

# rbac_rules holds every rule of a Role or ClusterRole with its path.
rbac_rules := [x |
	input.kind in {"Role", "ClusterRole"}
	some i, r in object.get(input, "rules", [])
	x := {"rule": r, "index": i, "path": ["rules", i]}
]
