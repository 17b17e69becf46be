# The RBAC graph of a kubernetes_set evaluation: who can do what, and through which binding.
#
# A RoleBinding or ClusterRoleBinding leads to the Role (in the binding's namespace) or the
# ClusterRole it refers to, and a role to its effective rules: its own rules plus, for a
# ClusterRole with an aggregationRule, the rules of every ClusterRole one of its
# clusterRoleSelectors selects. The controller manager writes aggregated rules into the
# aggregating role; manifests and snapshots need not hold them yet, so they are computed here.
#
# Everything is indexed by complete rules, computed once per evaluation and shared by every rule
# that uses them.
package lib.kubernetes

# rbac_default_cluster_roles stand in for the user-facing default ClusterRoles when a scan binds
# them without holding them (manifests do; live clusters always hold them). They carry the
# default labels and aggregation selectors, so that aggregate-to-* roles of the scan are counted,
# and of their rules only those the rules of this repository look at (cluster-admin: all of them;
# edit, which admin aggregates: reading Secrets, creating pods and workloads, exec and attach,
# impersonating ServiceAccounts).
rbac_default_cluster_roles := {
	"cluster-admin": {
		"kind": "ClusterRole",
		"metadata": {"name": "cluster-admin"},
		"rules": [
			{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
			{"nonResourceURLs": ["*"], "verbs": ["*"]},
		],
	},
	"admin": {
		"kind": "ClusterRole",
		"metadata": {"name": "admin"},
		"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-admin": "true"}}]},
	},
	"edit": {
		"kind": "ClusterRole",
		"metadata": {"name": "edit", "labels": {"rbac.authorization.k8s.io/aggregate-to-admin": "true"}},
		"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-edit": "true"}}]},
		"rules": [
			{"apiGroups": [""], "resources": ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "replicationcontrollers", "secrets", "serviceaccounts"], "verbs": ["create", "delete", "deletecollection", "patch", "update"]},
			{"apiGroups": [""], "resources": ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets"], "verbs": ["get", "list", "watch"]},
			{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]},
			{"apiGroups": ["apps"], "resources": ["daemonsets", "deployments", "replicasets", "statefulsets"], "verbs": ["create", "delete", "deletecollection", "patch", "update"]},
			{"apiGroups": ["batch"], "resources": ["cronjobs", "jobs"], "verbs": ["create", "delete", "deletecollection", "patch", "update"]},
		],
	},
	"view": {
		"kind": "ClusterRole",
		"metadata": {"name": "view", "labels": {"rbac.authorization.k8s.io/aggregate-to-edit": "true"}},
		"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}}]},
	},
}

_set_scan_cluster_roles := [input.objects[i] | some i in set_index_of_kind("ClusterRole")]

_set_scan_cluster_role_names := {name_of(r) | some r in _set_scan_cluster_roles}

# set_cluster_roles are the ClusterRoles of the scan, plus the defaults of
# rbac_default_cluster_roles it does not hold.
set_cluster_roles := array.concat(_set_scan_cluster_roles, [r |
	some name, r in rbac_default_cluster_roles
	not name in _set_scan_cluster_role_names
])

_set_cluster_role_members[name] contains member if {
	some cr in set_cluster_roles
	selectors := cr.aggregationRule.clusterRoleSelectors
	is_array(selectors)
	name := name_of(cr)
	some sel in selectors
	is_object(sel)
	some member in _selector_candidates(sel)
	member != name
	some m in object.get(_set_cluster_roles_by_name, member, [])
	selector_matches(sel, object.get(m, ["metadata", "labels"], {}))
}

_set_cluster_roles_by_name[name] contains cr if {
	some cr in set_cluster_roles
	name := name_of(cr)
}

_set_cluster_roles_by_label[pair] contains name_of(cr) if {
	some cr in set_cluster_roles
	some k, v in object.get(cr, ["metadata", "labels"], {})
	pair := concat("=", [k, v])
}

# The ClusterRoles a selector may select: those carrying one of its matchLabels (cheap, through
# the label index), else all of them.
_selector_candidates(sel) := object.get(_set_cluster_roles_by_label, concat("=", [k, v]), set()) if {
	labels := object.get(sel, "matchLabels", {})
	k := min(object.keys(labels))
	v := labels[k]
	is_string(v)
} else := object.keys(_set_cluster_roles_by_name)

# set_cluster_role_members maps the name of an aggregated ClusterRole to the names of the
# ClusterRoles its selectors select (itself excluded, as the aggregation controller does).
set_cluster_role_members := _set_cluster_role_members

_aggregate(names) := names | {m |
	some n in names
	some m in object.get(set_cluster_role_members, n, set())
}

# set_cluster_role_closure(name) is name and the ClusterRoles aggregated into it, following
# aggregation four levels deep (admin <- edit <- view <- an aggregate-to-view role is three).
set_cluster_role_closure(name) := _aggregate(_aggregate(_aggregate(_aggregate({name})))) if {
	set_cluster_role_members[name]
} else := {name}

_set_cluster_role_own_rules[name] contains rule if {
	some cr in set_cluster_roles
	name := name_of(cr)
	some rule in object.get(cr, "rules", [])
}

_set_role_own_rules[key] contains rule if {
	some i in set_index_of_kind("Role")
	r := input.objects[i]
	key := concat("/", [namespace_of(r), name_of(r)])
	some rule in object.get(r, "rules", [])
}

# set_cluster_role_own_rules maps a ClusterRole name to its own rules; set_role_own_rules maps
# "namespace/name" of a Role to its rules. Objects of the same name are merged.
set_cluster_role_own_rules := _set_cluster_role_own_rules

set_role_own_rules := _set_role_own_rules

# rbac_role_key(b) names the role binding b refers to: "ClusterRole/<name>" or
# "Role/<namespace>/<name>". Undefined for a ClusterRoleBinding that refers to a Role (invalid).
rbac_role_key(b) := concat("/", ["ClusterRole", b.roleRef.name]) if b.roleRef.kind == "ClusterRole"

rbac_role_key(b) := concat("/", ["Role", namespace_of(b), b.roleRef.name]) if {
	b.kind == "RoleBinding"
	b.roleRef.kind == "Role"
}

# set_role_rules(key) is the set of effective rules of the role named key (see rbac_role_key):
# empty when the scan does not hold it.
set_role_rules(key) := {rule |
	some n in set_cluster_role_closure(substring(key, count("ClusterRole/"), -1))
	some rule in object.get(set_cluster_role_own_rules, n, set())
} if startswith(key, "ClusterRole/")

set_role_rules(key) := object.get(set_role_own_rules, substring(key, count("Role/"), -1), set()) if startswith(key, "Role/")

# set_binding_rules(b) is the set of effective rules binding b grants.
set_binding_rules(b) := set_role_rules(rbac_role_key(b)) if rbac_role_key(b)

# rbac_subject_permissions are the grants the subject rules look for. id groups them by rule, what
# describes them (for workloads, the kind a subject can create);
# cluster marks those only a ClusterRoleBinding can grant (the resource is cluster-scoped, a
# RoleBinding's grant on it is never consulted).
rbac_subject_permissions := [
	{"id": "secrets", "what": "read Secrets", "group": "", "resource": "secrets", "verbs": ["get", "list", "watch"]},
	{"id": "exec", "what": "exec into Pods", "group": "", "resource": "pods/exec", "verbs": ["create", "get"]},
	{"id": "exec", "what": "attach to Pods", "group": "", "resource": "pods/attach", "verbs": ["create", "get"]},
	{"id": "workloads", "what": "Pods", "group": "", "resource": "pods", "verbs": ["create"]},
	{"id": "workloads", "what": "ReplicationControllers", "group": "", "resource": "replicationcontrollers", "verbs": ["create"]},
	{"id": "workloads", "what": "Deployments", "group": "apps", "resource": "deployments", "verbs": ["create"]},
	{"id": "workloads", "what": "DaemonSets", "group": "apps", "resource": "daemonsets", "verbs": ["create"]},
	{"id": "workloads", "what": "StatefulSets", "group": "apps", "resource": "statefulsets", "verbs": ["create"]},
	{"id": "workloads", "what": "ReplicaSets", "group": "apps", "resource": "replicasets", "verbs": ["create"]},
	{"id": "workloads", "what": "Jobs", "group": "batch", "resource": "jobs", "verbs": ["create"]},
	{"id": "workloads", "what": "CronJobs", "group": "batch", "resource": "cronjobs", "verbs": ["create"]},
	{"id": "escalation", "what": "escalate Roles", "group": rbac_group, "resource": "roles", "verbs": ["escalate"]},
	{"id": "escalation", "what": "escalate ClusterRoles", "group": rbac_group, "resource": "clusterroles", "verbs": ["escalate"], "cluster": true},
	{"id": "escalation", "what": "bind Roles", "group": rbac_group, "resource": "roles", "verbs": ["bind"]},
	{"id": "escalation", "what": "bind ClusterRoles", "group": rbac_group, "resource": "clusterroles", "verbs": ["bind"]},
	{"id": "escalation", "what": "impersonate users", "group": "", "resource": "users", "verbs": ["impersonate"], "cluster": true},
	{"id": "escalation", "what": "impersonate groups", "group": "", "resource": "groups", "verbs": ["impersonate"], "cluster": true},
	{"id": "escalation", "what": "impersonate ServiceAccounts", "group": "", "resource": "serviceaccounts", "verbs": ["impersonate"]},
	{"id": "escalation", "what": "impersonate user extras", "group": "authentication.k8s.io", "resource": "userextras/*", "verbs": ["impersonate"], "cluster": true},
]

# rbac_rule_permissions(rule) is the set of rbac_subject_permissions entries PolicyRule rule
# grants. Rules limited to named objects (resourceNames) are left out.
rbac_rule_permissions(rule) := {p |
	not rbac_restricted(rule)
	some res in object.get(rule, "resources", [])
	some p in _candidate_permissions(res)
	rbac_group_matches(rule, p.group)
	some v in object.get(rule, "verbs", [])
	_verb_grants(v, p.verbs)
}

_permissions_by_resource[p.resource] contains p if some p in rbac_subject_permissions

# The permissions a resources entry of a rule may grant: all for "*"; those of the subresource
# for "*/sub"; the user extras for userextras/<key> (impersonated extras are checked as that
# subresource of userextras); else those of the resource itself.
_candidate_permissions(res) := rbac_subject_permissions if {
	res == "*"
} else := [p | some p in rbac_subject_permissions; _has_subresource(p.resource, substring(res, 1, -1))] if {
	startswith(res, "*/")
} else := _permissions_by_resource["userextras/*"] if {
	startswith(res, "userextras/")
} else := object.get(_permissions_by_resource, res, set())

_has_subresource(resource, suffix) if endswith(resource, suffix)

_has_subresource("userextras/*", _)

# set_binding_indexes is the set of indexes in input.objects of RoleBindings and
# ClusterRoleBindings.
set_binding_indexes := set_index_of_kind("RoleBinding") | set_index_of_kind("ClusterRoleBinding")

_set_bound_role_keys contains key if {
	some i in set_binding_indexes
	key := rbac_role_key(input.objects[i])
}

# set_role_permissions maps the key of every role a binding of the scan refers to (see
# rbac_role_key) to the set of rbac_subject_permissions its effective rules grant.
set_role_permissions := {key: perms |
	some key in _set_bound_role_keys
	perms := {p |
		some rule in set_role_rules(key)
		some p in rbac_rule_permissions(rule)
	}
}

# rbac_reported_system_subjects are the "system:" users and groups that are not Kubernetes
# components: every request without credentials, every authenticated identity, every
# ServiceAccount.
rbac_reported_system_subjects := {"system:anonymous", "system:unauthenticated", "system:authenticated", "system:serviceaccounts"}

# rbac_system_subject(s, b) holds for subject s of binding b when it is a Kubernetes component:
# a "system:" user or group other than those of rbac_reported_system_subjects and the
# system:serviceaccounts:<namespace> groups of namespaces other than kube-system, an "eks:" user
# or group (the components of Amazon EKS; EKS refuses that prefix for user identities), or a
# ServiceAccount of kube-system.
rbac_system_subject(s, _) if {
	s.kind in {"User", "Group"}
	startswith(s.name, "system:")
	not s.name in rbac_reported_system_subjects
	not _namespace_accounts_group(s.name)
}

rbac_system_subject(s, _) if {
	s.kind in {"User", "Group"}
	startswith(s.name, "eks:")
}

rbac_system_subject(s, b) if {
	s.kind == "ServiceAccount"
	rbac_subject_namespace(s, b) == "kube-system"
}

_namespace_accounts_group(name) if {
	startswith(name, "system:serviceaccounts:")
	name != "system:serviceaccounts:kube-system"
}

# rbac_subject_namespace(s, b) is the namespace of ServiceAccount subject s of binding b (the
# binding's own when the subject does not say).
rbac_subject_namespace(s, b) := ns if {
	ns := object.get(s, "namespace", "")
	ns != ""
} else := namespace_of(b)

# rbac_subject_name(s, b) names subject s of binding b: User "alice", Group "devs",
# ServiceAccount "shop/deployer".
rbac_subject_name(s, b) := sprintf("%s %q", [s.kind, concat("/", [rbac_subject_namespace(s, b), s.name])]) if s.kind == "ServiceAccount"

rbac_subject_name(s, _) := sprintf("%s %q", [s.kind, s.name]) if s.kind != "ServiceAccount"

# rbac_binding_scope(b) is where binding b grants its role: "cluster-wide" or "in namespace x".
rbac_binding_scope(b) := "cluster-wide" if b.kind == "ClusterRoleBinding"

rbac_binding_scope(b) := sprintf("in namespace %q", [namespace_of(b)]) if b.kind == "RoleBinding"

# rbac_binding_via(b) describes binding b and its role: ClusterRoleBinding "x" (ClusterRole "y").
rbac_binding_via(b) := sprintf("%s (%s %q)", [kind_name_of(b), object.get(b, ["roleRef", "kind"], ""), object.get(b, ["roleRef", "name"], "")])

# set_subject_grants is the set of what the subjects of the scan's bindings can do: one entry per
# subject entry that is not a Kubernetes component (rbac_system_subject), of a binding that
# Kubernetes does not ship (rbac_builtin_object), whose role grants one of
# rbac_subject_permissions:
# {"object": index of the binding, "subject": index in its subjects, "who": rbac_subject_name,
#  "cluster": true for a ClusterRoleBinding, "namespace": the RoleBinding's namespace,
#  "scope": rbac_binding_scope, "via": rbac_binding_via, "permissions": {entries granted}}.
set_subject_grants := {x |
	some i in set_binding_indexes
	b := input.objects[i]
	perms := object.get(set_role_permissions, rbac_role_key(b), set())
	count(perms) > 0
	not rbac_builtin_object(b)
	cluster := b.kind == "ClusterRoleBinding"
	granted := {p | some p in perms; _applies(p, cluster)}
	count(granted) > 0
	some j, s in object.get(b, "subjects", [])
	not rbac_system_subject(s, b)
	x := {
		"object": i,
		"subject": j,
		"who": rbac_subject_name(s, b),
		"cluster": cluster,
		"namespace": namespace_of(b),
		"scope": rbac_binding_scope(b),
		"via": rbac_binding_via(b),
		"permissions": granted,
	}
}

_applies(_, cluster) if cluster == true

_applies(p, false) if not p.cluster

# rbac_permission_whats(perms, id) is the comma-separated "what" of the entries of perms whose id
# is id, in the order of rbac_subject_permissions, or undefined when there are none.
rbac_permission_whats(perms, id) := concat(", ", whats) if {
	whats := [p.what | some p in rbac_subject_permissions; p.id == id; p in perms]
	count(whats) > 0
}
