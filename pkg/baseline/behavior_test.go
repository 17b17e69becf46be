package baseline

import (
	"net/netip"
	"testing"
)

func TestConstructors(t *testing.T) {
	tests := []struct {
		name string
		got  Behavior
		want Behavior
	}{
		{"process", Process("/usr/bin/app", "/bin/sh"), Behavior{KindProcess, "/usr/bin/app<-/bin/sh"}},
		{"process no parent", Process("/usr/bin/app", ""), Behavior{KindProcess, "/usr/bin/app<-"}},
		{"process cleaned", Process("/usr//bin/../bin/app", "/bin/./sh"), Behavior{KindProcess, "/usr/bin/app<-/bin/sh"}},
		{"process control chars", Process("/tmp/a\nb\x1b[31m", ""), Behavior{KindProcess, `/tmp/a\x0ab\x1b[31m<-`}},
		{"process invalid utf8 and backslash", Process("/tmp/\xff\\x", ""), Behavior{KindProcess, `/tmp/\xff\\x<-`}},
		{"process bidi override", Process("/tmp/\u202egnp.exe", ""), Behavior{KindProcess, `/tmp/\u202egnp.exe<-`}},
		{"process unicode kept", Process("/opt/café", ""), Behavior{KindProcess, "/opt/café<-"}},
		{"outbound v4", Outbound(netip.MustParseAddr("10.1.2.3"), 443, "TCP"), Behavior{KindOutbound, "10.1.2.3:443/tcp"}},
		{"outbound v4 in v6", Outbound(netip.MustParseAddr("::ffff:10.1.2.3"), 443, "tcp"), Behavior{KindOutbound, "10.1.2.3:443/tcp"}},
		{"outbound v6", Outbound(netip.MustParseAddr("2001:db8::1"), 53, "udp"), Behavior{KindOutbound, "[2001:db8::1]:53/udp"}},
		{"outbound v6 zone", Outbound(netip.MustParseAddr("fe80::1%eth0"), 53, "udp"), Behavior{KindOutbound, "[fe80::1]:53/udp"}},
		{"outbound no proto", Outbound(netip.MustParseAddr("10.0.0.1"), 1, ""), Behavior{KindOutbound, "10.0.0.1:1/unknown"}},
		{"outbound odd proto", Outbound(netip.MustParseAddr("10.0.0.1"), 1, "Raw IP/x"), Behavior{KindOutbound, "10.0.0.1:1/raw-ip-x"}},
		{"listen", Listen(8080, "tcp"), Behavior{KindListen, "8080/tcp"}},
		{"file read", File("/etc/passwd", false), Behavior{KindFile, "r /etc/passwd"}},
		{"file write", File("/etc//shadow", true), Behavior{KindFile, "w /etc/shadow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %#v, want %#v", tt.got, tt.want)
			}
			if !validValue(tt.got.Kind, tt.got.Value) {
				t.Errorf("constructor output %q does not validate", tt.got.Value)
			}
		})
	}
}

func TestKeyString(t *testing.T) {
	k := Key{"prod", "shop", "registry.example/app", "sha256:abcd"}
	if got := k.String(); got != "prod/shop/registry.example/app@sha256:abcd" {
		t.Errorf("got %q", got)
	}
	k.Digest = ""
	if got := k.String(); got != "prod/shop/registry.example/app" {
		t.Errorf("got %q", got)
	}
	// Ambiguous for people, distinct in the store.
	a, b := Key{"a/b", "c", "d", ""}, Key{"a", "b/c", "d", ""}
	if a.String() != b.String() || string(storeKey(a)) == string(storeKey(b)) {
		t.Errorf("store keys %s and %s", storeKey(a), storeKey(b))
	}
}

func TestKnowsCIDR(t *testing.T) {
	m := Model{Behaviors: map[Kind][]string{
		KindOutbound: {"10.0.0.0/8:443/tcp", "192.168.1.1:22/tcp", "[2001:db8::/32]:53/udp"},
		KindListen:   {"8080/tcp"},
	}}
	e := entryFrom(m)
	v4 := func(s string, port uint16, proto string) Behavior {
		return Outbound(netip.MustParseAddr(s), port, proto)
	}
	tests := []struct {
		name string
		beh  Behavior
		want bool
	}{
		{"inside /8", v4("10.200.3.4", 443, "tcp"), true},
		{"inside /8 other port", v4("10.200.3.4", 80, "tcp"), false},
		{"inside /8 other proto", v4("10.200.3.4", 443, "udp"), false},
		{"outside /8", v4("11.0.0.1", 443, "tcp"), false},
		{"exact", v4("192.168.1.1", 22, "tcp"), true},
		{"exact other host", v4("192.168.1.2", 22, "tcp"), false},
		{"v6 inside", v4("2001:db8:1::5", 53, "udp"), true},
		{"v6 outside", v4("2001:db9::5", 53, "udp"), false},
		{"mapped v4 inside", v4("::ffff:10.1.1.1", 443, "tcp"), true},
		{"prefix value is not covered", Behavior{KindOutbound, "10.1.0.0/16:443/tcp"}, false},
		{"listen exact", Listen(8080, "tcp"), true},
		{"listen other", Listen(8081, "tcp"), false},
		{"garbage", Behavior{KindOutbound, "nonsense"}, false},
		{"unknown kind", Behavior{"dns", "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Knows(tt.beh); got != tt.want {
				t.Errorf("Model.Knows(%v) = %v, want %v", tt.beh, got, tt.want)
			}
			ki := kindIndex(tt.beh.Kind)
			if got := ki >= 0 && e.knows(ki, tt.beh.Value); got != tt.want {
				t.Errorf("entry.knows(%v) = %v, want %v", tt.beh, got, tt.want)
			}
		})
	}
}

func TestValidValue(t *testing.T) {
	tests := []struct {
		kind Kind
		v    string
		want bool
	}{
		{KindOutbound, "10.1.2.0/24:443/tcp", true},
		{KindOutbound, "10.1.2.1/24:443/tcp", false}, // not masked
		{KindOutbound, "[10.1.2.3]:443/tcp", false},
		{KindOutbound, "2001:db8::1:443/tcp", false}, // v6 needs brackets
		{KindOutbound, "[2001:db8::/64]:443/tcp", true},
		{KindOutbound, "10.1.2.3:65536/tcp", false},
		{KindOutbound, "10.1.2.3:0443/tcp", false},
		{KindOutbound, "10.1.2.3:443/TCP", false},
		{KindOutbound, "10.1.2.3:443/", false},
		{KindListen, "8080/tcp", true},
		{KindListen, "08080/tcp", false},
		{KindListen, "-1/tcp", false},
		{KindFile, "r /etc/passwd", true},
		{KindFile, "x /etc/passwd", false},
		{KindFile, "r ", false},
		{KindProcess, "/bin/sh<-", true},
		{KindProcess, "/bin/sh", false},
		{KindProcess, "/bin/\x00sh<-", false},
		{KindProcess, "/bin/\xffsh<-", false},
		{"dns", "example.com", false},
	}
	for _, tt := range tests {
		if got := validValue(tt.kind, tt.v); got != tt.want {
			t.Errorf("validValue(%s, %q) = %v, want %v", tt.kind, tt.v, got, tt.want)
		}
	}
}
