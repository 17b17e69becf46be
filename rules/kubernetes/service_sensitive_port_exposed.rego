# METADATA
# title: Database or admin port exposed outside the cluster
# description: >-
#   A NodePort Service, a LoadBalancer that is neither internal nor limited by
#   loadBalancerSourceRanges, or a Service with externalIPs publishes a port used
#   by databases, caches, message brokers or infrastructure APIs (MySQL, PostgreSQL, Redis,
#   MongoDB, Elasticsearch, etcd, the Docker API, the kubelet ...). These services are rarely
#   hardened for direct internet exposure and are a frequent target of automated scanning.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
# custom:
#   id: PAL-K8S-076
#   severity: MEDIUM
#   input: kubernetes
#   kinds: [Service]
#   remediation: Keep the Service type ClusterIP and reach the backend from inside the cluster (or through a VPN or bastion); if it must be external, use an internal load balancer restricted with loadBalancerSourceRanges.
#   compliance:
#   - nsa-cisa-1.2:network-policies
package palisade.kubernetes.service_sensitive_port_exposed

import data.lib.kubernetes as k8s

_sensitive := {
	23: "Telnet",
	1433: "SQL Server",
	1521: "Oracle",
	2375: "Docker API",
	2376: "Docker API",
	2379: "etcd",
	2380: "etcd",
	3306: "MySQL",
	5432: "PostgreSQL",
	5984: "CouchDB",
	6379: "Redis",
	7000: "Cassandra",
	7001: "Cassandra",
	8086: "InfluxDB",
	9042: "Cassandra",
	9200: "Elasticsearch",
	9300: "Elasticsearch",
	10250: "kubelet",
	10255: "kubelet",
	11211: "Memcached",
	27017: "MongoDB",
	27018: "MongoDB",
}

deny contains res if {
	_exposed
	some i, p in object.get(input, ["spec", "ports"], [])
	some field in ["port", "targetPort"]
	what := _sensitive[p[field]]
	not _reported_on_port(p, field)
	res := {
		"msg": sprintf("%s publishes the %s port %v outside the cluster", [k8s.kind_name, what, p[field]]),
		"path": ["spec", "ports", i, field],
	}
}

_exposed if input.spec.type == "NodePort"

_exposed if count(object.get(input, ["spec", "externalIPs"], [])) > 0

_exposed if {
	input.spec.type == "LoadBalancer"
	not k8s.service_internal_lb
	not _source_restricted
}

_source_restricted if {
	ranges := object.get(input, ["spec", "loadBalancerSourceRanges"], [])
	count(ranges) > 0
	every r in ranges {
		not k8s.open_cidr(trim_space(r))
	}
}

_source_restricted if input.metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]

# One finding per port entry: a targetPort is not reported again when its port already is.
_reported_on_port(p, "targetPort") if _sensitive[p.port]
