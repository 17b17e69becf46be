package palisade.kubernetes.git_repo_volume_test

import data.palisade.kubernetes.git_repo_volume

pod(volumes) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], "volumes": volumes}}

test_git_repo_denied if {
	res := git_repo_volume.deny with input as pod([
		{"name": "cfg", "configMap": {"name": "cfg"}},
		{"name": "site", "gitRepo": {"repository": "https://git.example.com/site.git", "revision": "main"}},
	])
	count(res) == 1
	some r in res
	r.path == ["spec", "volumes", 1, "gitRepo"]
	contains(r.msg, "https://git.example.com/site.git")
}

test_other_volumes_allowed if {
	count(git_repo_volume.deny) == 0 with input as pod([{"name": "site", "emptyDir": {}}])
}
