# Helpers for the container hygiene, image, secret, service and ingress rules
# (PAL-K8S-040 .. PAL-K8S-079).
package lib.kubernetes

# existing_prefix(p) is the path a finding about a missing field points at. The engine
# already stops at the deepest part of a path that exists in the file, so the path is
# kept whole: that is cheaper than probing every prefix here, and the finding still lands
# on the closest parent that is there.
existing_prefix(p) := p

# ---------------------------------------------------------------------------------------
# Resources

# zero_quantity holds for a resource quantity that sets nothing: empty, null or zero.
zero_quantity(v) if regex.match(`^[+]?0*(\.0*)?[a-zA-Z]*$`, sprintf("%v", [v]))

# resource_set(c, section, r) holds when container c sets resources[section][r] to a
# non-zero quantity.
resource_set(c, section, r) if {
	v := c.resources[section][r]
	_hyg_nonzero(v)
}

# _hyg_nonzero(v) is "not zero_quantity(v)", without the regex for the usual quantities: a
# non-zero number, or text that starts with a non-zero digit.
_hyg_nonzero(v) if {
	is_number(v)
	v != 0
} else if {
	is_string(v)
	substring(v, 0, 1) in {"1", "2", "3", "4", "5", "6", "7", "8", "9"}
} else if {
	not zero_quantity(v)
}

# resource_containers are the containers that can carry resources (ephemeral containers
# cannot).
resource_containers := [x |
	some x in containers
	x.type != "ephemeralContainers"
]

# ---------------------------------------------------------------------------------------
# Secrets

_hyg_secret_name_re := `(passw(or)?d|passphrase|secret|token|api[_.-]?key|private[_.-]?key|credential|auth[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key)`

# Names that mention a secret but hold something else (where it lives, how long it lasts,
# what it is called).
_hyg_secret_name_excluded_re := `(file|path|dir|directory|name|names|url|uri|ref|id|enabled|enable|disabled|length|limit|ttl|timeout|expiry|expiration|expire|expires|seconds|sec|ms|minutes|hours|days|duration|interval|lifetime|header|type|mode|policy|version|count|size|rotation|audience|issuer|endpoint|location|region|arn|provider|backend|store|storage|cache|source|helper|strategy|format|encoding|algorithm|algo|hash|hasher|hashing|rounds|iterations|cost|strength|method|scope|scopes|prefix|suffix|kind|class|namespace|bucket|host|port|key_id|keyid|manager)$`

# secret_like_name(n) holds when the name n (an env var, a flag, a config key) says that its
# value is a credential.
secret_like_name(n) if {
	is_string(n)

	ln := lower(n)

	# Every name the pattern matches contains one of these words; most names none of them.
	_hyg_secret_hint(ln)

	# "tokenizer" (text processing) is not a token.
	l := regex.replace(ln, `tokeni[sz]\w*`, "")
	regex.match(_hyg_secret_name_re, l)
	not regex.match(_hyg_secret_name_excluded_re, l)
}

_hyg_secret_hint(l) if contains(l, "key")

else if contains(l, "pass")

else if contains(l, "secret")

else if contains(l, "token")

else if contains(l, "credential")

_hyg_not_secret_value_re := `^(?i)(true|false|yes|no|on|off|null|none|nil|n/a|enabled|disabled|required|optional|auto|default|empty|unset|redacted|\*+|x+)$`

# literal_secret_value(v) holds when v is written-out text that can be a credential: not a
# number, boolean, path, URL, placeholder or reference to a value kept elsewhere.
literal_secret_value(v) if {
	is_string(v)
	t := trim(trim_space(v), `"'`)
	count(t) >= 4
	not regex.match(_hyg_not_secret_value_re, t)
	not regex.match(`^[0-9.]+(ms|s|m|h|d)?$`, t)
	not regex.match(`^(/|\./|\.\./|~/)`, t)
	not regex.match(`^[a-zA-Z][a-zA-Z0-9+.-]*://`, t)
	not regex.match(`^(arn:|projects/[^/]+/secrets/|vault:|ref\+|sm://|op://|akv://|gcp:|aws:)`, t)
	not regex.match(`^<.*>$`, t)
	not _hyg_templated(t)
}

# "$(" and "${" start with "$"; startswith covers $VAR, $__file{...}, $env:... and similar
# references of the application's own syntax.
_hyg_templated(t) if startswith(t, "$")

else if contains(t, "$(")

else if contains(t, "${")

else if contains(t, "{{")

else if contains(t, "%(")

# config_line_secrets(text) are the settings of a configuration file (key = value,
# key: value, "key": "value", export KEY=value) whose key names a credential and whose value
# is written out; each is {"key": k}.
config_line_secrets(text) := {{"key": m[1]} |
	some m in regex.find_all_string_submatch_n(`(?m)^[ \t]*(?:export[ \t]+)?["']?([A-Za-z0-9_.\-]+)["']?[ \t]*[:=][ \t]*(.*?)[ \t]*,?[ \t]*$`, text, -1)
	secret_like_name(m[1])
	literal_secret_value(m[2])
}

# url_with_password(s) holds when s holds a URL with a literal password in its user info
# (scheme://user:password@host).
url_with_password(s) if {
	is_string(s)
	some m in regex.find_all_string_submatch_n(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'"]*:([^/\s@'"]+)@[^\s'"]`, s, -1)
	pw := m[1]
	not regex.match(`^(\*+|x+|\.\.\.|<.*>|\[.*\])$`, pw)
	not _hyg_templated(pw)
	not startswith(pw, "$")
	not startswith(pw, "%")
}

# private_key_pem holds for text that carries a PEM private key.
private_key_pem(s) if {
	is_string(s)
	regex.match(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----`, s)
}

# ---------------------------------------------------------------------------------------
# Images

# image_checkable(ref) holds for an image reference written out in full (not empty, not a
# template placeholder).
image_checkable(ref) if {
	is_string(ref)
	trim_space(ref) != ""
	not contains(ref, "$")
	not contains(ref, "{{")
}

_hyg_floating_tags := {
	"stable", "main", "master", "dev", "develop", "development", "edge", "nightly",
	"canary", "beta", "alpha", "snapshot", "head", "current", "release", "unstable",
	"next", "rolling", "trunk", "testing", "prod", "production", "staging",
}

# image_tag_kind(ref) classifies how an image reference selects its image: "digest",
# "none" (no tag: latest implied), "latest", "floating" (a branch-style tag that moves) or
# "fixed" (any other tag).
# The cases are exclusive and cover every reference image_parts splits, so they are tried in
# order on one split.
image_tag_kind(ref) := _hyg_tag_kind(image_parts(ref))

_hyg_tag_kind(p) := "digest" if {
	p.digest != ""
} else := "none" if {
	p.tag == ""
} else := "latest" if {
	p.tag == "latest"
} else := "floating" if {
	_hyg_floating_tag(lower(p.tag))
} else := "fixed"

_hyg_floating_tag(t) if t in _hyg_floating_tags

else if {
	t != "latest"
	regex.match(`(^latest[-_.]|[-_.]latest$|[-_.]snapshot$|[-_.]nightly$)`, t)
}

# container_image_kinds maps every checkable image of the input's containers to its
# image_tag_kind, computed once for all the image rules.
container_image_kinds := {ref: image_tag_kind(ref) |
	some x in containers
	ref := x.container.image
	image_checkable(ref)
}

# container_images_implicit holds every checkable image of the input's containers for which
# image_registry_implicit holds.
container_images_implicit contains ref if {
	some ref, _ in container_image_kinds
	image_registry_implicit(ref)
}

# image_registry_implicit(ref) holds when the reference names no registry host, so the
# runtime pulls it from Docker Hub.
image_registry_implicit(ref) if _hyg_no_registry(split(image_parts(ref).name, "/"))

_hyg_no_registry(first) if count(first) == 1

else if {
	count(first) > 1
	not contains(first[0], ".")
	not contains(first[0], ":")
	first[0] != "localhost"
}

# ---------------------------------------------------------------------------------------
# Services

_hyg_internal_lb_annotations := {
	"service.beta.kubernetes.io/aws-load-balancer-scheme": {"internal"},
	"networking.gke.io/load-balancer-type": {"internal"},
	"cloud.google.com/load-balancer-type": {"internal"},
	"service.beta.kubernetes.io/azure-load-balancer-internal": {"true"},
	"service.beta.kubernetes.io/oci-load-balancer-internal": {"true"},
	"service.beta.kubernetes.io/openstack-internal-load-balancer": {"true"},
	"service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type": {"private"},
	"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": {"intranet"},
}

# service_internal_lb holds for a LoadBalancer Service that a cloud annotation keeps on a
# private network.
service_internal_lb if {
	some k, v in object.get(input, ["metadata", "annotations"], {})
	lower(sprintf("%v", [v])) in _hyg_internal_lb_annotations[k]
}

service_internal_lb if {
	v := input.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"]
	lower(sprintf("%v", [v])) != "false"
}

# open_cidr holds for a CIDR that is the whole IPv4 or IPv6 address space.
open_cidr(c) if c in {"0.0.0.0/0", "::/0", "0::0/0"}
