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

# containers holds every container of the pod template with its path, and what the rules
# look up about it, worked out once per evaluation so that each rule only reads fields:
# {"container": {...}, "type": "containers", "index": 0, "path": [..., "containers", 0],
#  "sc": {...}, "drop": {"ALL"}, "res": {"limits": {"cpu": true}}}
# - sc is podsec_csc(container): the container's securityContext, {} when it has none; absent,
#   like podsec_csc, when the container is not an object;
# - drop is podsec_caps(entry, "drop"): the normalised capabilities it drops;
# - res[section][name] is true when resource_set(container, section, name) holds.
containers := [_container_entry(c, t, i, array.concat(pod_spec_path, [t, i])) |
	some t in container_types
	some i, c in object.get(pod_spec, t, [])
]

_container_entry(c, t, i, p) := {
	"container": c, "type": t, "index": i, "path": p, "sc": sc,
	"drop": {trim_prefix(upper(d), "CAP_") |
		l := sc.capabilities.drop
		is_array(l)
		some d in l
		is_string(d)
	},
	"res": {section: {name: true | some name, v in quantities; _hyg_nonzero(v)} |
		some section, quantities in c.resources
	},
} if {
	sc := podsec_csc(c)
} else := {"container": c, "type": t, "index": i, "path": p, "drop": set(), "res": {}}

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

	# at[1], or "" when there is no "@".
	d := concat("@", array.slice(at, 1, 2))
	base := at[0]
	last := regex.replace(base, "^.*/", "")

	# What follows the first ":" of last, or "" when there is none.
	parts := split(last, ":")
	t := concat(":", array.slice(parts, 1, count(parts)))
	n := trim_suffix(base, concat("", [":", t]))
}

# rbac_rules holds every rule of a Role or ClusterRole with its path.
rbac_rules := [x |
	input.kind in {"Role", "ClusterRole"}
	some i, r in object.get(input, "rules", [])
	x := {"rule": r, "index": i, "path": ["rules", i]}
]
