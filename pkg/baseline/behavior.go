package baseline

import (
	"cmp"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key identifies a model: containers of one image in one namespace of one
// cluster.
type Key struct {
	Cluster    string `json:"cluster"`
	Namespace  string `json:"namespace"`
	Repository string `json:"repository"`
	// Digest is "sha256:..." or empty when the runtime did not report it.
	Digest string `json:"digest,omitempty"`
}

// String renders the key as "cluster/namespace/repository@digest" for
// people; it is not guaranteed to be unambiguous (cluster names may contain
// "/"), so the store uses its own encoding. Unprintable characters are
// escaped so that a key can be written to a terminal safely.
func (k Key) String() string {
	s := escape(k.Cluster) + "/" + escape(k.Namespace) + "/" + escape(k.Repository)
	if k.Digest != "" {
		s += "@" + escape(k.Digest)
	}
	return s
}

// Compare orders keys by cluster, namespace, repository, then digest.
func (k Key) Compare(o Key) int {
	return cmp.Or(
		strings.Compare(k.Cluster, o.Cluster),
		strings.Compare(k.Namespace, o.Namespace),
		strings.Compare(k.Repository, o.Repository),
		strings.Compare(k.Digest, o.Digest),
	)
}

// Kind is the class of a behaviour.
type Kind string

// The kinds of behaviour a model learns.
const (
	KindProcess  Kind = "process"
	KindOutbound Kind = "outbound"
	KindListen   Kind = "listen"
	KindFile     Kind = "file"
)

// kinds lists every Kind in the order of kindIndex.
var kinds = [...]Kind{KindProcess, KindOutbound, KindListen, KindFile}

const (
	idxOutbound = 1
	numKinds    = len(kinds)
)

// kindIndex maps a Kind to its slot in per-kind arrays, -1 if unknown.
func kindIndex(k Kind) int {
	switch k {
	case KindProcess:
		return 0
	case KindOutbound:
		return idxOutbound
	case KindListen:
		return 2
	case KindFile:
		return 3
	}
	return -1
}

// Behavior is one normalised thing a container did. Build it with Process,
// Outbound, Listen or File so that equal behaviour has an equal Value.
type Behavior struct {
	Kind  Kind
	Value string
}

// String renders the behaviour as "kind value", the form used in
// Model.TrialDeviations.
func (b Behavior) String() string { return string(b.Kind) + " " + b.Value }

// Process is the execution of path by parentPath ("" when unknown):
// Value "path<-parent".
func Process(path, parentPath string) Behavior {
	return Behavior{KindProcess, cleanPath(path) + "<-" + cleanPath(parentPath)}
}

// Outbound is a connection to addr:port: Value "10.1.2.3:443/tcp" or
// "[2001:db8::1]:443/tcp". IPv4-mapped IPv6 addresses become IPv4 and zones
// are dropped, so one peer has one spelling.
func Outbound(addr netip.Addr, port uint16, proto string) Behavior {
	addr = addr.Unmap().WithZone("")
	return Behavior{KindOutbound, renderEndpoint(addr.String(), addr.Is6(), port, normProto(proto))}
}

// Listen is a listening socket: Value "8080/tcp".
func Listen(port uint16, proto string) Behavior {
	return Behavior{KindListen, strconv.Itoa(int(port)) + "/" + normProto(proto)}
}

// File is an open of path for reading or writing: Value "r /etc/passwd"
// or "w /etc/passwd".
func File(path string, write bool) Behavior {
	mode := "r "
	if write {
		mode = "w "
	}
	return Behavior{KindFile, mode + cleanPath(path)}
}

func cleanPath(p string) string {
	if p == "" {
		return ""
	}
	return escape(path.Clean(p))
}

// normProto lower-cases a protocol name and keeps it a short token, so that
// values stay parseable whatever the probe reports.
func normProto(p string) string {
	if p == "" {
		return "unknown"
	}
	if len(p) > maxProto {
		p = p[:maxProto]
	}
	ok := true
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			ok = false
			break
		}
	}
	if ok {
		return p
	}
	b := []byte(p)
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			b[i] = '-'
		}
	}
	return string(b)
}

const maxProto = 16

func validProto(p string) bool {
	if p == "" || len(p) > maxProto {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func renderEndpoint(host string, v6 bool, port uint16, proto string) string {
	if v6 {
		host = "[" + host + "]"
	}
	return host + ":" + strconv.Itoa(int(port)) + "/" + proto
}

// endpoint is a parsed outbound value.
type endpoint struct {
	addr      netip.Addr   // when !cidr
	prefix    netip.Prefix // when cidr
	cidr      bool
	bracketed bool
	port      string
	portProto string // "443/tcp", the key of same-service grouping
	proto     string
}

// parseEndpoint splits an outbound value without allocating for exact
// addresses, which keeps the CIDR check on the hot path cheap.
func parseEndpoint(v string) (ep endpoint, ok bool) {
	slash := strings.LastIndexByte(v, '/')
	if slash < 0 {
		return ep, false
	}
	colon := strings.LastIndexByte(v[:slash], ':')
	if colon < 0 {
		return ep, false
	}
	host := v[:colon]
	ep.portProto = v[colon+1:]
	ep.port = v[colon+1 : slash]
	ep.proto = v[slash+1:]
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
		ep.bracketed = true
	}
	var err error
	if strings.IndexByte(host, '/') >= 0 {
		ep.cidr = true
		ep.prefix, err = netip.ParsePrefix(host)
	} else {
		ep.addr, err = netip.ParseAddr(host)
	}
	return ep, err == nil
}

// canonicalOutbound reports whether v is an outbound value exactly as this
// package writes it.
func canonicalOutbound(v string) bool {
	ep, ok := parseEndpoint(v)
	if !ok || !validProto(ep.proto) {
		return false
	}
	port, err := strconv.ParseUint(ep.port, 10, 16)
	if err != nil {
		return false
	}
	if ep.cidr {
		p := ep.prefix
		if p != p.Masked() || p.Addr().Is4In6() || p.Addr().Zone() != "" {
			return false
		}
		return renderEndpoint(p.String(), p.Addr().Is6(), uint16(port), ep.proto) == v
	}
	a := ep.addr
	if a.Is4In6() || a.Zone() != "" {
		return false
	}
	return renderEndpoint(a.String(), a.Is6(), uint16(port), ep.proto) == v
}

// canonicalListen reports whether v is a listen value as Listen writes it.
func canonicalListen(v string) bool {
	slash := strings.IndexByte(v, '/')
	if slash < 0 || !validProto(v[slash+1:]) {
		return false
	}
	port, err := strconv.ParseUint(v[:slash], 10, 16)
	return err == nil && strconv.FormatUint(port, 10) == v[:slash]
}

// validValue reports whether v could have been produced by the constructor
// of kind k; Import accepts nothing else.
func validValue(k Kind, v string) bool {
	if len(v) > maxValue || !printable(v) {
		return false
	}
	switch k {
	case KindProcess:
		return strings.Contains(v, "<-")
	case KindOutbound:
		return canonicalOutbound(v)
	case KindListen:
		return canonicalListen(v)
	case KindFile:
		return len(v) > 2 && (v[:2] == "r " || v[:2] == "w ")
	}
	return false
}

const maxValue = 8 << 10

// escape makes s printable: control characters, invalid UTF-8 and
// non-printing runes (bidi overrides among them) become Go-style escapes and
// a backslash is doubled, so distinct inputs stay distinct. Paths come from
// containers that may be hostile; their names end up in terminals and JSON.
func escape(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '\\' {
			break
		}
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case r >= 0x80 && !unicode.IsPrint(r):
			q := strconv.QuoteRuneToASCII(r) // '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// printable reports whether escape would leave s alone apart from
// backslashes, i.e. whether s can be a value this package wrote.
func printable(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r < 0x20 || r == 0x7f:
			return false
		case r >= 0x80 && !unicode.IsPrint(r):
			return false
		}
	}
	return true
}
