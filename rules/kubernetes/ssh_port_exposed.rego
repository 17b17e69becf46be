# METADATA
# title: Service or Ingress routes to the SSH port
# description: >-
#   A Service whose port or targetPort is 22, or an Ingress backend on port 22, makes an SSH
#   server inside a pod reachable over the network, giving attackers a login service to
#   brute-force or exploit.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/service/
# custom:
#   id: PAL-K8S-071
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Service, Ingress]
#   remediation: Do not expose SSH from pods; remove the port and use kubectl exec or kubectl debug for interactive access.
#   compliance:
#   - nsa-cisa-1.2:network-policies
#   - nist-800-190:4.1.2
package palisade.kubernetes.ssh_port_exposed

import data.lib.kubernetes as k8s

deny contains res if {
	input.kind == "Service"
	some i, p in object.get(input, ["spec", "ports"], [])
	some field in ["port", "targetPort"]
	p[field] == 22
	res := {
		"msg": sprintf("%s exposes SSH port 22 (%s)", [k8s.kind_name, field]),
		"path": ["spec", "ports", i, field],
	}
}

deny contains res if {
	input.kind == "Ingress"
	some path, value in _backend_ports
	value == 22
	res := {
		"msg": sprintf("%s routes to port 22 of Service %q", [k8s.kind_name, _backend_service(path)]),
		"path": path,
	}
}

# Backend ports of networking.k8s.io/v1 (service.port.number) and of the removed beta APIs
# (servicePort), in the default backend and in every rule path.
_backends contains [["spec", "defaultBackend"], input.spec.defaultBackend]

_backends contains [["spec", "backend"], input.spec.backend]

_backends contains [["spec", "rules", i, "http", "paths", j, "backend"], b] if {
	some i, r in object.get(input, ["spec", "rules"], [])
	some j, p in object.get(r, ["http", "paths"], [])
	b := p.backend
}

_backend_ports[array.concat(path, ["service", "port", "number"])] := b.service.port.number if {
	some [path, b] in _backends
}

_backend_ports[array.concat(path, ["servicePort"])] := b.servicePort if {
	some [path, b] in _backends
}

_backend_service(port_path) := object.get(input, array.concat(array.slice(port_path, 0, count(port_path) - 2), ["name"]), "") if {
	port_path[count(port_path) - 1] == "number"
}

_backend_service(port_path) := object.get(input, array.concat(array.slice(port_path, 0, count(port_path) - 1), ["serviceName"]), "") if {
	port_path[count(port_path) - 1] == "servicePort"
}
