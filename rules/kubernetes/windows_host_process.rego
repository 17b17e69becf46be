# METADATA
# title: Windows HostProcess container
# description: >-
#   A Windows HostProcess container runs directly on the node, in the host's network and process
#   space with access to its filesystem, as a node user such as SYSTEM. It is the Windows
#   counterpart of a privileged container; the baseline Pod Security Standard forbids it.
# related_resources:
# - https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: PAL-K8S-027
#   severity: HIGH
#   input: kubernetes
#   kinds: [workload]
#   remediation: >-
#     Remove windowsOptions.hostProcess (or set it to false); keep HostProcess workloads to
#     node-management namespaces with a reviewed exception.
#   compliance:
#   - cis-k8s-1.10:5.2.11
#   - pss:baseline
#   - nsa-cisa-1.2:pod-security-enforcement
#   - nist-800-190:4.4.3
package palisade.kubernetes.windows_host_process

import data.lib.kubernetes as k8s

deny contains res if {
	k8s.podsec_psc.windowsOptions.hostProcess == true
	res := {
		"msg": sprintf("%s runs its containers as Windows HostProcess containers", [k8s.kind_name]),
		"path": array.concat(k8s.podsec_psc_path, ["windowsOptions", "hostProcess"]),
	}
}

deny contains res if {
	some x in k8s.containers
	x.sc.windowsOptions.hostProcess == true
	res := {
		"msg": sprintf("Container %q of %s is a Windows HostProcess container", [x.container.name, k8s.kind_name]),
		"path": array.concat(x.path, ["securityContext", "windowsOptions", "hostProcess"]),
	}
}
