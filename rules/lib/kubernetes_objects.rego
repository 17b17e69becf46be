# Helpers that take a Kubernetes object as an argument, for kubernetes_set rules (which see
# every object of a scan in input.objects) and for rules that look at more than one object.
package lib.kubernetes

# name_of, namespace_of and kind_name_of are name, namespace and kind_name for any object.
name_of(obj) := object.get(obj, ["metadata", "name"], "")

namespace_of(obj) := ns if {
	ns := object.get(obj, ["metadata", "namespace"], "default")
	ns != ""
} else := "default"

kind_name_of(obj) := sprintf("%s %q", [object.get(obj, "kind", ""), name_of(obj)])

# running_workload_kinds are the workload kinds that run pods (PodTemplate is only a template).
running_workload_kinds := workload_kinds - {"PodTemplate"}

is_workload_object(obj) if obj.kind in workload_kinds

# is_running_workload holds for an object that runs pods and is not managed by a controller
# that is itself in the scan (a Deployment's ReplicaSets and Pods in a cluster scan), so that a
# problem is reported once, on the object the user writes.
is_running_workload(obj) if {
	obj.kind in running_workload_kinds
	not is_controlled(obj)
}

# is_controlled holds for an object with a controller ownerReference.
is_controlled(obj) if {
	some ref in object.get(obj, ["metadata", "ownerReferences"], [])
	ref.controller == true
}

# pod_path_of(obj) is the path from obj to its pod template (the object itself for a Pod).
pod_path_of(obj) := [] if obj.kind == "Pod"

pod_path_of(obj) := ["spec", "template"] if obj.kind in _template_kinds

pod_path_of(obj) := ["template"] if obj.kind == "PodTemplate"

pod_path_of(obj) := ["spec", "jobTemplate", "spec", "template"] if obj.kind == "CronJob"

pod_spec_path_of(obj) := array.concat(pod_path_of(obj), ["spec"])

pod_spec_of(obj) := object.get(obj, pod_spec_path_of(obj), {})

pod_labels_of(obj) := object.get(obj, array.concat(pod_path_of(obj), ["metadata", "labels"]), {})

# containers_of(obj) is like containers, for obj.
containers_of(obj) := {x |
	spec_path := pod_spec_path_of(obj)
	spec := object.get(obj, spec_path, {})
	some t in container_types
	some i, c in object.get(spec, t, [])
	x := {"container": c, "type": t, "index": i, "path": array.concat(spec_path, [t, i])}
}

# host_access_of(obj) describes how the pods of workload obj reach into their node, if they do:
# {"what": "uses the host network", "path": [...]} for hostNetwork, else the first privileged
# container. Undefined for workloads with neither.
host_access_of(obj) := {"what": "uses the host network", "path": array.concat(pod_spec_path_of(obj), ["hostNetwork"])} if {
	pod_spec_of(obj).hostNetwork == true
} else := {"what": sprintf("runs privileged container %q", [x.container.name]), "path": array.concat(x.path, ["securityContext", "privileged"])} if {
	privileged := [x | some x in containers_of(obj); x.container.securityContext.privileged == true]
	x := privileged[0]
}

# service_account_of(obj) is the name of the ServiceAccount the pods of obj run as.
service_account_of(obj) := sa if {
	spec := pod_spec_of(obj)
	sa := _sa_name(object.get(spec, "serviceAccountName", ""), object.get(spec, "serviceAccount", ""))
}

_sa_name(n, _) := n if n != ""

_sa_name(n, old) := old if {
	n == ""
	old != ""
}

_sa_name(n, old) := "default" if {
	n == ""
	old == ""
}

# service_account_path_of(obj) is the path to the field naming the ServiceAccount (the pod spec
# when neither serviceAccountName nor the deprecated serviceAccount is set).
service_account_path_of(obj) := array.concat(pod_spec_path_of(obj), [_sa_field(pod_spec_of(obj))])

service_account_path_of(obj) := pod_spec_path_of(obj) if {
	spec := pod_spec_of(obj)
	not has_key(spec, "serviceAccountName")
	not has_key(spec, "serviceAccount")
}

_sa_field(spec) := "serviceAccountName" if has_key(spec, "serviceAccountName")

_sa_field(spec) := "serviceAccount" if {
	not has_key(spec, "serviceAccountName")
	has_key(spec, "serviceAccount")
}

# selector_matches(selector, labels) evaluates a metav1.LabelSelector (matchLabels and
# matchExpressions with In, NotIn, Exists, DoesNotExist) against a label map. An empty selector
# matches everything.
selector_matches(selector, labels) if {
	every k, v in object.get(selector, "matchLabels", {}) {
		labels[k] == v
	}
	every e in object.get(selector, "matchExpressions", []) {
		_expression_matches(e, labels)
	}
}

_expression_matches(e, labels) if {
	e.operator == "In"
	labels[e.key] in object.get(e, "values", [])
}

_expression_matches(e, labels) if {
	e.operator == "NotIn"
	not object.get(labels, e.key, null) in object.get(e, "values", [])
}

_expression_matches(e, labels) if {
	e.operator == "Exists"
	has_key(labels, e.key)
}

_expression_matches(e, labels) if {
	e.operator == "DoesNotExist"
	not has_key(labels, e.key)
}

# service_selects(service, labels) holds when a Service's equality selector selects pods with
# the given labels. A Service without a selector selects no pods.
service_selects(service, labels) if {
	sel := object.get(service, ["spec", "selector"], {})
	count(sel) > 0
	every k, v in sel {
		labels[k] == v
	}
}

# system_namespaces are the namespaces Kubernetes itself creates and runs components in.
system_namespaces := {"kube-system", "kube-public", "kube-node-lease"}

# network_policy_kinds are namespaced network policy kinds: Kubernetes' own and those of Calico
# (also called NetworkPolicy) and Cilium.
network_policy_kinds := {"NetworkPolicy", "CiliumNetworkPolicy"}

# clusterwide_network_policy_kinds are policies that apply across namespaces; when a scan holds
# one, namespace-level conclusions about isolation cannot be drawn from the namespace alone.
clusterwide_network_policy_kinds := {
	"GlobalNetworkPolicy", "CiliumClusterwideNetworkPolicy",
	"AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy",
}

is_network_policy(obj) if obj.kind in network_policy_kinds

# is_k8s_network_policy holds for a networking.k8s.io NetworkPolicy.
is_k8s_network_policy(obj) if {
	obj.kind == "NetworkPolicy"
	startswith(object.get(obj, "apiVersion", ""), "networking.k8s.io/")
}

# The rules and functions below whose names start with set_ read input.objects, the input of
# kubernetes_set rules. Indexes are complete rules, computed once per evaluation (looking up a
# partial rule by key, _x[key], would evaluate its body again for every lookup).

# set_has_clusterwide_network_policy holds when the scan holds a cluster-wide network policy.
set_has_clusterwide_network_policy if {
	some kind in clusterwide_network_policy_kinds
	count(set_index_of_kind(kind)) > 0
}

# set_network_policies is the set of indexes in input.objects of namespaced network policies.
set_network_policies := {i | some kind in network_policy_kinds; some i in set_index_of_kind(kind)}

_set_service_account_names[ns] contains name if {
	some i in set_index_of_kind("ServiceAccount")
	ns := namespace_of(input.objects[i])
	name := name_of(input.objects[i])
}

# set_service_account_names maps a namespace to the names of its ServiceAccounts in the scan.
set_service_account_names := _set_service_account_names

# set_indexed_kinds are the kinds set_index covers.
set_indexed_kinds := ({"Namespace", "Service", "ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "Ingress"} | network_policy_kinds) | clusterwide_network_policy_kinds

_set_index[key] contains i if {
	some i, o in input.objects
	o.kind in set_indexed_kinds
	key := concat("/", [o.kind, namespace_of(o)])
}

# set_index maps "Kind/namespace" to the indexes in input.objects of the objects of that kind in
# that namespace (cluster-scoped objects are under "default"), for set_indexed_kinds.
set_index := _set_index

# set_indexes(kind, ns) is the set of indexes in input.objects of the objects of kind (one of
# set_indexed_kinds) in namespace ns.
set_indexes(kind, ns) := object.get(set_index, concat("/", [kind, ns]), set())

# set_index_of_kind(kind) is the set of indexes in input.objects of the objects of kind (one of
# set_indexed_kinds).
set_index_of_kind(kind) := {i |
	some key, idx in set_index
	startswith(key, concat("", [kind, "/"]))
	some i in idx
}

# set_objects(kind, ns) is the set of objects of kind in namespace ns.
set_objects(kind, ns) := {input.objects[i] | some i in set_indexes(kind, ns)}

_set_ingress_backends[ns] contains name if {
	some ing in input.objects
	ing.kind == "Ingress"
	ns := namespace_of(ing)
	some name in ingress_backend_services(ing)
}

# set_ingress_backends maps a namespace to the names of the Services its Ingresses route to.
set_ingress_backends := _set_ingress_backends

# set_running_workloads is the set of indexes in input.objects of running workloads (see
# is_running_workload).
set_running_workloads := {i | some i, o in input.objects; is_running_workload(o)}

_set_exposed_services[ns] contains s if {
	some i in set_index_of_kind("Service")
	s := input.objects[i]
	object.get(s, ["spec", "type"], "ClusterIP") in {"NodePort", "LoadBalancer"}
	ns := namespace_of(s)
}

_set_ingress_backed_services[ns] contains s if {
	some i in set_index_of_kind("Service")
	s := input.objects[i]
	ns := namespace_of(s)
	name_of(s) in object.get(set_ingress_backends, ns, set())
}

# set_exposed_services and set_ingress_backed_services map a namespace to its NodePort and
# LoadBalancer Services, respectively to its Services that are the backend of an Ingress.
set_exposed_services := _set_exposed_services

set_ingress_backed_services := _set_ingress_backed_services

# set_exposing_services(obj) is the set of NodePort and LoadBalancer Services of the scan that
# select the pods of workload obj.
set_exposing_services(obj) := {s |
	some s in object.get(set_exposed_services, namespace_of(obj), set())
	service_selects(s, pod_labels_of(obj))
}

# set_ingress_services(obj) is the set of Services of the scan that select the pods of workload
# obj and are the backend of an Ingress of the scan.
set_ingress_services(obj) := {s |
	some s in object.get(set_ingress_backed_services, namespace_of(obj), set())
	service_selects(s, pod_labels_of(obj))
}

# ingress_backends(ing) holds every Service backend of Ingress ing (networking.k8s.io/v1):
# {"service": name, "path": path to backend.service.name}.
ingress_backends(ing) := {x |
	name := ing.spec.defaultBackend.service.name
	x := {"service": name, "path": ["spec", "defaultBackend", "service", "name"]}
} | {x |
	some i, rule in object.get(ing, ["spec", "rules"], [])
	some j, p in object.get(rule, ["http", "paths"], [])
	name := p.backend.service.name
	x := {"service": name, "path": ["spec", "rules", i, "http", "paths", j, "backend", "service", "name"]}
}

ingress_backend_services(ing) := {b.service | some b in ingress_backends(ing)}
