# RBAC helpers: matching PolicyRules against API groups, resources and verbs, binding subjects,
# and the permissions a ServiceAccount receives from the bindings and roles of a scan.
package lib.kubernetes

rbac_group := "rbac.authorization.k8s.io"

# rbac_builtin holds for the input RBAC object when Kubernetes itself ships it (the default
# roles and bindings carry the kubernetes.io/bootstrapping=rbac-defaults label, and the
# names of control plane roles start with "system:").
rbac_builtin if rbac_builtin_object(input)

rbac_builtin_object(obj) if object.get(obj, ["metadata", "labels", "kubernetes.io/bootstrapping"], "") == "rbac-defaults"

rbac_builtin_object(obj) if startswith(name_of(obj), "system:")

# rbac_group_matches holds when a PolicyRule covers the API group (the core group is "").
rbac_group_matches(rule, group) if {
	some g in object.get(rule, "apiGroups", [""])
	g in {"*", group}
}

# rbac_restricted holds when a PolicyRule is limited to named objects.
rbac_restricted(rule) if count(object.get(rule, "resourceNames", [])) > 0

# rbac_granted_verbs(rule, verbs) lists the entries of the rule's verbs that grant one of verbs
# ("*" grants them all).
rbac_granted_verbs(rule, verbs) := [v | some v in object.get(rule, "verbs", []); _verb_grants(v, verbs)]

_verb_grants(v, _) if v == "*"

_verb_grants(v, verbs) if v in verbs

# rbac_resource_grants(group, resources, verbs) holds, for the input Role or ClusterRole, each
# resources entry that names one of resources explicitly (a "*" entry is reported by the
# wildcard rule instead) in a rule that covers group and grants one of verbs:
# {"index": rule index, "resource": entry, "verbs": granting verbs, "restricted": bool, "path": [...]}.
rbac_resource_grants(group, resources, verbs) := {x |
	not rbac_builtin
	some r in rbac_rules

	# The resource test is the cheapest and rarely true: it goes first.
	some j, res in object.get(r.rule, "resources", [])
	res in resources
	rbac_group_matches(r.rule, group)
	granted := rbac_granted_verbs(r.rule, verbs)
	count(granted) > 0
	x := {
		"index": r.index,
		"resource": res,
		"verbs": granted,
		"restricted": _restricted(r.rule),
		"path": array.concat(r.path, ["resources", j]),
	}
}

# rbac_verb_grants(group, resources, verbs) is like rbac_resource_grants but points at the verbs
# entry (verb names one of verbs, or is "*") of a rule naming one of resources.
rbac_verb_grants(group, resources, verbs) := {x |
	not rbac_builtin
	some r in rbac_rules
	named := [res | some res in object.get(r.rule, "resources", []); res in resources]
	count(named) > 0
	rbac_group_matches(r.rule, group)
	some j, v in object.get(r.rule, "verbs", [])
	_verb_grants(v, verbs)
	x := {
		"index": r.index,
		"resources": named,
		"verb": v,
		"restricted": _restricted(r.rule),
		"path": array.concat(r.path, ["verbs", j]),
	}
}

_restricted(rule) := count(object.get(rule, "resourceNames", [])) > 0

# rbac_allows(rule, group, resource, verb) holds when the PolicyRule grants verb on resource
# ("pods" or "pods/exec") in group, wildcards included, whatever its resourceNames.
rbac_allows(rule, group, resource, verb) if {
	rbac_group_matches(rule, group)
	_resource_covered(object.get(rule, "resources", []), resource)
	some v in object.get(rule, "verbs", [])
	v in {"*", verb}
}

_resource_covered(list, _) if "*" in list

_resource_covered(list, res) if res in list

_resource_covered(list, res) if {
	parts := split(res, "/")
	count(parts) == 2
	concat("", ["*/", parts[1]]) in list
}

# rbac_dangerous_permissions are the grants that let their holder take over other identities,
# workloads or Secrets.
rbac_dangerous_permissions := [
	{"what": "read Secrets", "group": "", "resource": "secrets", "verbs": ["get", "list", "watch"]},
	{"what": "create Pods", "group": "", "resource": "pods", "verbs": ["create"]},
	{"what": "exec into Pods", "group": "", "resource": "pods/exec", "verbs": ["create", "get"]},
	{"what": "attach to Pods", "group": "", "resource": "pods/attach", "verbs": ["create", "get"]},
	{"what": "impersonate users", "group": "", "resource": "users", "verbs": ["impersonate"]},
	{"what": "impersonate groups", "group": "", "resource": "groups", "verbs": ["impersonate"]},
	{"what": "impersonate ServiceAccounts", "group": "", "resource": "serviceaccounts", "verbs": ["impersonate"]},
	{"what": "create ServiceAccount tokens", "group": "", "resource": "serviceaccounts/token", "verbs": ["create"]},
	{"what": "proxy to kubelets", "group": "", "resource": "nodes/proxy", "verbs": ["get", "create"]},
	{"what": "escalate roles", "group": "rbac.authorization.k8s.io", "resource": "roles", "verbs": ["escalate"]},
	{"what": "escalate roles", "group": "rbac.authorization.k8s.io", "resource": "clusterroles", "verbs": ["escalate"]},
	{"what": "bind roles", "group": "rbac.authorization.k8s.io", "resource": "roles", "verbs": ["bind"]},
	{"what": "bind roles", "group": "rbac.authorization.k8s.io", "resource": "clusterroles", "verbs": ["bind"]},
]

# rbac_rule_dangers(rule) is the set of dangerous permissions (their "what") a PolicyRule grants.
# Rules limited to named objects are left out.
rbac_rule_dangers(rule) := {d |
	not rbac_restricted(rule)
	some p in rbac_dangerous_permissions
	some verb in p.verbs
	rbac_allows(rule, p.group, p.resource, verb)
	d := p.what
} | _full_access(rule)

_full_access(rule) := {"do anything on any resource"} if {
	"*" in object.get(rule, "resources", [])
	"*" in object.get(rule, "verbs", [])
}

_full_access(rule) := set() if {
	not "*" in object.get(rule, "resources", [])
}

_full_access(rule) := set() if {
	not "*" in object.get(rule, "verbs", [])
}

# rbac_builtin_dangers are the dangerous permissions of default ClusterRoles, used when a binding
# refers to one that the scan does not contain.
rbac_builtin_dangers := {
	"cluster-admin": {"do anything on any resource"},
	"admin": {"read Secrets", "create Pods", "exec into Pods"},
	"edit": {"read Secrets", "create Pods", "exec into Pods"},
}

# rbac_is_binding holds for RoleBindings and ClusterRoleBindings.
rbac_is_binding(obj) if obj.kind in {"RoleBinding", "ClusterRoleBinding"}

# set_binding_roles(b) is the set of Role/ClusterRole objects of the scan that binding b refers
# to.
set_binding_roles(b) := {r |
	b.roleRef.kind == "ClusterRole"
	some r in set_objects("ClusterRole", "default")
	name_of(r) == b.roleRef.name
} | {r |
	b.kind == "RoleBinding"
	b.roleRef.kind == "Role"
	some r in set_objects("Role", namespace_of(b))
	name_of(r) == b.roleRef.name
}

# set_binding_dangers(b) is the set of dangerous permissions binding b grants, from the roles
# of the scan it refers to or, for default ClusterRoles the scan does not hold, what they are
# known to grant.
set_binding_dangers(b) := {d |
	some r in set_binding_roles(b)
	some rule in object.get(r, "rules", [])
	some d in rbac_rule_dangers(rule)
} | _builtin_binding_dangers(b)

_builtin_binding_dangers(b) := object.get(rbac_builtin_dangers, object.get(b, ["roleRef", "name"], ""), set()) if {
	object.get(b, ["roleRef", "kind"], "") == "ClusterRole"
	count(set_binding_roles(b)) == 0
} else := set()

# rbac_binding_account_keys(b) is the set of ServiceAccount keys binding b applies to:
# "namespace/name" for ServiceAccount subjects, "namespace/*" and "*/*" for the
# system:serviceaccounts groups.
rbac_binding_account_keys(b) := ({k |
	some s in object.get(b, "subjects", [])
	s.kind == "ServiceAccount"
	k := concat("/", [object.get(s, "namespace", namespace_of(b)), s.name])
} | {"*/*" |
	some s in object.get(b, "subjects", [])
	s.kind == "Group"
	s.name == "system:serviceaccounts"
}) | {k |
	some s in object.get(b, "subjects", [])
	s.kind == "Group"
	startswith(s.name, "system:serviceaccounts:")
	k := concat("", [substring(s.name, count("system:serviceaccounts:"), -1), "/*"])
}

_account_keys(ns, sa) := {concat("/", [ns, sa]), concat("/", [ns, "*"]), "*/*"}

_set_account_bindings[key] contains b if {
	some i in set_binding_indexes
	b := input.objects[i]
	some key in rbac_binding_account_keys(b)
}

# set_account_bindings maps a ServiceAccount key (see rbac_binding_account_keys) to the bindings
# of the scan that apply to it.
set_account_bindings := _set_account_bindings

# set_service_account_bindings(ns, sa) is the set of bindings of the scan that apply to
# ServiceAccount sa of namespace ns.
set_service_account_bindings(ns, sa) := {b |
	some key in _account_keys(ns, sa)
	some b in object.get(set_account_bindings, key, set())
}

# set_service_account_dangers(ns, sa) is the set of {"binding": "ClusterRoleBinding \"x\"",
# "what": "read Secrets"} that ServiceAccount sa of namespace ns receives from the bindings of
# the scan.
set_service_account_dangers(ns, sa) := {x |
	some b in set_service_account_bindings(ns, sa)
	some d in set_binding_dangers(b)
	x := {"binding": kind_name_of(b), "what": d}
}

# set_token_mounted(obj) holds unless the pods of workload obj opt out of the ServiceAccount
# token, or their ServiceAccount (when the scan holds it) does and the pod does not opt back in.
set_token_mounted(obj) if {
	spec := pod_spec_of(obj)
	not spec.automountServiceAccountToken == false
	not _sa_opts_out(obj, spec)
}

_sa_opts_out(obj, spec) if {
	not has_key(spec, "automountServiceAccountToken")
	concat("/", [namespace_of(obj), service_account_of(obj)]) in _set_accounts_without_token
}

_set_accounts_without_token := {key |
	some i in set_index_of_kind("ServiceAccount")
	sa := input.objects[i]
	sa.automountServiceAccountToken == false
	key := concat("/", [namespace_of(sa), name_of(sa)])
}
