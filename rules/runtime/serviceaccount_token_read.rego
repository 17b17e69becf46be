# METADATA
# title: Service account token read by an unexpected process in a container
# description: >-
#   A process in a container opened a workload identity token mounted under /var/run/secrets/
#   or /run/secrets/: the Kubernetes service account token
#   (kubernetes.io/serviceaccount/token) or another projected token (EKS, Azure and similar
#   workload identity tokens). With it, whoever holds it can call the Kubernetes or cloud API
#   as the workload; stealing it is the usual first step from a compromised pod to the cluster.
#   Expected readers are left out: the container's main process (its entrypoint, or the program
#   its init shim such as tini started: an operator or controller using client-go), and opens the behaviour model of this image has learned.
# related_resources:
# - https://attack.mitre.org/techniques/T1528/
# - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
# custom:
#   id: PAL-RT-007
#   severity: HIGH
#   input: runtime
#   events: [open]
#   remediation: >-
#     Find the process and how it was started. Workloads that do not call the API should not
#     have a token: set automountServiceAccountToken: false. Give those that do a dedicated
#     service account with the narrowest RBAC, and revoke the token if it may have leaked.
#   compliance:
#   - nist-800-190:4.4.4
#   - nist-800-190:4.3.1
#   - nsa-cisa-1.2:service-account-tokens
#   - pci-dss-4.0:11.5.1
package palisade.runtime.serviceaccount_token_read

import data.lib.runtime as rt

token_file(p) if {
	some dir in ["/var/run/secrets/", "/run/secrets/"]
	startswith(p, dir)
	name := rt.basename(p)
	regex.match(`(^|[-_.])token$`, name)
}

deny contains res if {
	rt.event_type == "open"
	rt.in_container
	token_file(input.file.path)
	not rt.main_process
	not rt.known_file
	res := {"msg": sprintf("%s in %s read the token %s, started by %s: %s", [rt.proc_desc, rt.where, input.file.path, rt.parent_desc, rt.command])}
}
