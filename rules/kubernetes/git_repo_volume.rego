# METADATA
# title: gitRepo volume
# description: >-
#   The deprecated in-tree gitRepo volume makes the kubelet run git on the node, as root, on a
#   repository the pod author chooses. It has been the vector of node-level vulnerabilities:
#   CVE-2024-10220 (commands run from the repository's hooks on unpatched kubelets) and
#   CVE-2025-1767 (reading other local repositories on the node, not fixed). Recent Kubernetes
#   releases disable the driver.
# related_resources:
# - https://kubernetes.io/docs/concepts/storage/volumes/#gitrepo
# - https://github.com/kubernetes/kubernetes/issues/128885
# custom:
#   id: PAL-K8S-038
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Clone the repository in an init container into an emptyDir volume and mount that volume
#     into the application container.
#   compliance:
#   - pss:restricted
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.1
package palisade.kubernetes.git_repo_volume

import data.lib.kubernetes as k8s

deny contains res if {
	some v in k8s.volumes
	repo := k8s.podsec_obj(v.volume).gitRepo
	res := {
		"msg": sprintf("%s uses the deprecated gitRepo volume %q (repository %q)", [k8s.kind_name, object.get(v.volume, "name", ""), object.get(k8s.podsec_obj(repo), "repository", "")]),
		"path": array.concat(v.path, ["gitRepo"]),
	}
}
