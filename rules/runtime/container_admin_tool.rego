# METADATA
# title: Container or cluster administration tool run in a container
# description: >-
#   A process in a container ran a tool that manages the cluster or containers: kubectl, oc,
#   kubeadm, crictl, ctr, nerdctl, docker, podman, runc, crun or nsenter. Inside an application
#   container these tools have one use worth the trouble of bringing them: reaching past the
#   container, to the Kubernetes API with the pod's token, to a mounted runtime socket, or into
#   the host's namespaces. Runs the behaviour model of this image has learned are left out (a
#   CI runner or a job whose image is built around kubectl).
# related_resources:
# - https://attack.mitre.org/techniques/T1609/
# - https://attack.mitre.org/techniques/T1611/
# custom:
#   id: PAL-RT-008
#   severity: HIGH
#   input: runtime
#   events: [exec]
#   remediation: >-
#     Find how the tool got into the container and who ran it. Do not mount runtime sockets or
#     share the host's namespaces, give the pod's service account no more RBAC than it needs, and
#     ship images without administration tools.
#   compliance:
#   - nist-800-190:4.4.4
#   - nist-800-190:4.4.5
#   - nsa-cisa-1.2:rbac
#   - pci-dss-4.0:11.5.1
package palisade.runtime.container_admin_tool

import data.lib.runtime as rt

_tools := {
	"kubectl", "oc", "kubeadm", "crictl", "ctr", "nerdctl", "docker", "podman", "runc", "crun",
	"nsenter",
}

deny contains res if {
	rt.event_type == "exec"
	rt.in_container
	rt.process_named(_tools)
	not rt.known_process
	res := {"msg": sprintf("%s run in %s by %s: %s", [rt.proc_desc, rt.where, rt.parent_desc, rt.command])}
}
