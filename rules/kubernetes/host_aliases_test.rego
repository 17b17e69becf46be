package palisade.kubernetes.host_aliases_test

import data.palisade.kubernetes.host_aliases

job(spec) := {
	"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
	"spec": {"template": {"spec": object.union({"containers": [{"name": "app", "image": "curl:8"}]}, spec)}},
}

test_aliases_denied if {
	res := host_aliases.deny with input as job({"hostAliases": [{"ip": "10.0.0.5", "hostnames": ["db.internal", "db"]}]})
	count(res) == 1
	some r in res
	r.path == ["spec", "template", "spec", "hostAliases"]
	contains(r.msg, "db.internal, db")
}

test_no_aliases_allowed if {
	count(host_aliases.deny) == 0 with input as job({})
	count(host_aliases.deny) == 0 with input as job({"hostAliases": []})
}
