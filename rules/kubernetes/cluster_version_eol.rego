# METADATA
# title: Kubernetes version past its end of life
# description: >-
#   The cluster runs a Kubernetes minor version that upstream no longer supports: security fixes
#   stop at the end of life, so vulnerabilities found since in the API server, kubelet and other
#   components stay open. Judged from the cluster's version (live cluster scans, or a version
#   given for manifests) against the upstream end-of-life dates of each minor release; 1.24 and
#   older are all past it, and releases newer than the table are not judged. Managed offerings
#   (EKS, GKE, AKS) may support a release longer for a fee; this rule follows upstream.
#   A single severity: running any unsupported release leaves known vulnerabilities unfixed.
# related_resources:
# - https://kubernetes.io/releases/
# - https://kubernetes.io/releases/patch-releases/#support-period
# custom:
#   id: PAL-K8S-126
#   severity: MEDIUM
#   input: kubernetes_set
#   remediation: >-
#     Upgrade the control plane and nodes to a supported Kubernetes minor release, one minor
#     version at a time, and keep following the release cadence.
#   compliance:
#   - nsa-cisa-1.2:upgrading
package palisade.kubernetes_set.cluster_version_eol

# Upstream end of life (end of patch support) of each minor release of 1.x.
_eol := {
	25: "2023-10-28",
	26: "2024-02-28",
	27: "2024-06-28",
	28: "2024-10-28",
	29: "2025-02-28",
	30: "2025-06-28",
	31: "2025-10-28",
	32: "2026-02-28",
	33: "2026-06-28",
	34: "2026-10-27",
	35: "2027-02-28",
	36: "2027-06-28",
	37: "2027-10-28",
}

_oldest_listed := min(object.keys(_eol))

# major and minor of "v1.30.2", "1.30", "v1.30.2-eks-1234", "v1.29.1-gke.100".
_release(version) := [to_number(m[1]), to_number(m[2])] if {
	m := regex.find_all_string_submatch_n(`^v?([0-9]+)\.([0-9]+)`, trim_space(version), 1)[0]
}

deny contains res if {
	version := input.cluster.version
	is_string(version)
	release := _release(version)
	release[0] == 1
	minor := release[1]
	since := _since(minor)
	res := {"msg": sprintf("Cluster %q runs Kubernetes %s, out of upstream support since %s", [object.get(input.cluster, "name", ""), version, since])}
}

_since(minor) := date if {
	date := _eol[minor]
	time.now_ns() >= time.parse_ns("2006-01-02", date)
}

_since(minor) := sprintf("before %s", [_eol[_oldest_listed]]) if minor < _oldest_listed
