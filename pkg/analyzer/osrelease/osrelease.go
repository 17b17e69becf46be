// Package osrelease identifies the distribution of an image or file system
// from /etc/os-release and the older distribution-specific release files, and
// names it the way the vulnerability database does. Family is trivy-db's
// ecosystem name (debian, ubuntu, alpine, redhat, centos, rocky, alma, oracle,
// amazon, photon, wolfi, chainguard, opensuse-leap, opensuse-tumbleweed, sles,
// azurelinux, cbl-mariner, fedora). Version is the release as written by the
// distribution, normalised only where the database keys differ from it:
// Debian is reduced to its major release ("12.5" -> "12"), Amazon Linux to
// "1", "2", "2022" or "2023", and everything else is kept whole (Ubuntu
// "22.04", Alpine "3.19.1", Red Hat family "9.3", Photon "5.0") so the matcher
// can cut it to what its buckets need. Debian testing and unstable have no
// numbered release: their debian_version codename ("trixie/sid") is kept
// verbatim rather than guessed into a number, so the matcher reports the OS as
// unsupported instead of matching against the wrong release. Each result
// carries a priority (os-release 100 down to debian_version 10) so the layer
// merge can prefer the most authoritative file when several are present.
package osrelease

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// Priorities of the files, highest first. Files shared by a whole family of
// distributions rank below the distribution's own file: Oracle Linux ships a
// redhat-release that names Red Hat, and Ubuntu ships a debian_version.
const (
	PriorityOSRelease       = 100
	PriorityUsrLibOSRelease = 99
	PriorityDistribution    = 50
	PriorityLSBRelease      = 40
	PriorityShared          = 30
	PriorityDebianVersion   = 10
)

// files maps each file the analyzer reads to its priority.
var files = map[string]int{
	"etc/os-release":        PriorityOSRelease,
	"usr/lib/os-release":    PriorityUsrLibOSRelease,
	"etc/alpine-release":    PriorityDistribution,
	"etc/centos-release":    PriorityDistribution,
	"etc/rocky-release":     PriorityDistribution,
	"etc/almalinux-release": PriorityDistribution,
	"etc/oracle-release":    PriorityDistribution,
	"etc/photon-release":    PriorityDistribution,
	"etc/SuSE-release":      PriorityDistribution,
	"etc/lsb-release":       PriorityLSBRelease,
	"etc/redhat-release":    PriorityShared,
	"etc/system-release":    PriorityShared,
	"etc/debian_version":    PriorityDebianVersion,
}

// maxValue bounds any single value taken from a release file; real ones are
// a few dozen bytes, and the OS name ends up in every report.
const maxValue = 256

// Analyzer detects the OS from release files.
type Analyzer struct{}

// New returns the OS release analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name is the analyzer's stable name.
func (*Analyzer) Name() string { return "os-release" }

// Version changes whenever Detect may return something different for the same file.
func (*Analyzer) Version() int { return 1 }

// Required reports whether path is one of the release files.
func (*Analyzer) Required(path string) bool {
	_, ok := files[path]
	return ok
}

// Detect returns the OS the file at path describes and the file's priority,
// or nil when the file does not identify a distribution this package knows.
func (*Analyzer) Detect(path string, content []byte) (*inventory.OS, int) {
	prio, ok := files[path]
	if !ok {
		return nil, 0
	}
	var os *inventory.OS
	switch path {
	case "etc/os-release", "usr/lib/os-release":
		os = parseOSRelease(content)
	case "etc/lsb-release":
		os = parseLSBRelease(content)
	case "etc/alpine-release":
		os = parseAlpineRelease(content)
	case "etc/debian_version":
		os = parseDebianVersion(content)
	case "etc/photon-release":
		os = parsePhotonRelease(content)
	case "etc/SuSE-release":
		os = parseSuSERelease(content)
	default:
		os = parseRedHatRelease(content)
	}
	if os == nil {
		return nil, 0
	}
	return os, prio
}

// osReleaseIDs maps os-release ID values to database families.
var osReleaseIDs = map[string]string{
	"debian":              "debian",
	"ubuntu":              "ubuntu",
	"alpine":              "alpine",
	"rhel":                "redhat",
	"centos":              "centos",
	"rocky":               "rocky",
	"almalinux":           "alma",
	"ol":                  "oracle",
	"amzn":                "amazon",
	"photon":              "photon",
	"wolfi":               "wolfi",
	"chainguard":          "chainguard",
	"opensuse-leap":       "opensuse-leap",
	"opensuse":            "opensuse-leap", // Leap 42.x used the bare ID
	"opensuse-tumbleweed": "opensuse-tumbleweed",
	"sles":                "sles",
	"sles_sap":            "sles", // SLES for SAP gets the SLES advisories
	"azurelinux":          "azurelinux",
	"mariner":             "cbl-mariner",
	"fedora":              "fedora",
}

// rolling families have no release to match on, so a missing VERSION_ID
// still identifies them.
var rolling = map[string]bool{"wolfi": true, "chainguard": true, "opensuse-tumbleweed": true}

func parseOSRelease(content []byte) *inventory.OS {
	kv := parseAssignments(content, "ID", "VERSION_ID", "PRETTY_NAME", "NAME")
	family, ok := osReleaseIDs[strings.ToLower(kv["ID"])]
	if !ok {
		return nil
	}
	version := kv["VERSION_ID"]
	if version == "" && !rolling[family] {
		// Debian testing and sid omit VERSION_ID; debian_version then decides.
		return nil
	}
	switch family {
	case "debian":
		version = major(version)
	case "amazon":
		version = amazonRelease(version)
	}
	name := kv["PRETTY_NAME"]
	if name == "" {
		name = strings.TrimSpace(kv["NAME"] + " " + kv["VERSION_ID"])
	}
	return &inventory.OS{Family: family, Version: version, Name: name}
}

func parseLSBRelease(content []byte) *inventory.OS {
	kv := parseAssignments(content, "DISTRIB_ID", "DISTRIB_RELEASE", "DISTRIB_DESCRIPTION")
	// Other distributions write lsb-release too (Linux Mint, elementary) with
	// their own release numbers, which would be wrong under ubuntu.
	if !strings.EqualFold(kv["DISTRIB_ID"], "ubuntu") || !startsWithDigit(kv["DISTRIB_RELEASE"]) {
		return nil
	}
	name := kv["DISTRIB_DESCRIPTION"]
	if name == "" {
		name = "Ubuntu " + kv["DISTRIB_RELEASE"]
	}
	return &inventory.OS{Family: "ubuntu", Version: kv["DISTRIB_RELEASE"], Name: name}
}

func parseAlpineRelease(content []byte) *inventory.OS {
	v := firstLine(content)
	if !startsWithDigit(v) || strings.ContainsAny(v, " \t") {
		return nil
	}
	return &inventory.OS{Family: "alpine", Version: v, Name: "Alpine Linux " + v}
}

func parseDebianVersion(content []byte) *inventory.OS {
	v := firstLine(content)
	if v == "" || strings.ContainsAny(v, " \t") {
		return nil
	}
	if startsWithDigit(v) {
		if !debianPointRE.MatchString(v) {
			return nil
		}
		v = major(v)
	}
	return &inventory.OS{Family: "debian", Version: v, Name: "Debian GNU/Linux " + v}
}

var debianPointRE = regexp.MustCompile(`^\d+(\.\d+)*$`)

var photonRE = regexp.MustCompile(`^VMware Photon(?: OS| Linux)?\s+(\d+\.\d+)`)

func parsePhotonRelease(content []byte) *inventory.OS {
	line := firstLine(content)
	m := photonRE.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	return &inventory.OS{Family: "photon", Version: m[1], Name: line}
}

func parseSuSERelease(content []byte) *inventory.OS {
	line := firstLine(content)
	var family string
	switch {
	case strings.HasPrefix(line, "SUSE Linux Enterprise Server"):
		family = "sles"
	case strings.HasPrefix(line, "openSUSE Tumbleweed"):
		family = "opensuse-tumbleweed"
	case strings.HasPrefix(line, "openSUSE"):
		family = "opensuse-leap"
	default:
		return nil
	}
	kv := parseSpacedAssignments(content, "VERSION", "PATCHLEVEL")
	version := kv["VERSION"]
	if !startsWithDigit(version) {
		return nil
	}
	// SLES spells service packs as PATCHLEVEL; its os-release VERSION_ID is
	// "12.5" for SP5 and plain "12" for the first release, so match that.
	if pl := kv["PATCHLEVEL"]; family == "sles" && isDigits(pl) && pl != "0" && !strings.Contains(version, ".") {
		version += "." + pl
	}
	return &inventory.OS{Family: family, Version: version, Name: strings.TrimSpace(strings.TrimSuffix(line, archSuffix(line)))}
}

// archSuffix returns a trailing " (x86_64)" style suffix of a SuSE-release
// title, which is the machine's architecture rather than part of the name.
func archSuffix(line string) string {
	if i := strings.LastIndex(line, " ("); i >= 0 && strings.HasSuffix(line, ")") {
		return line[i:]
	}
	return ""
}

var releaseRE = regexp.MustCompile(`^(.*?)\s+release\s+(\d[0-9A-Za-z._-]*)`)

// redHatProducts maps the product name of a "<product> release <version>"
// line to its family. The first match wins, so more specific names come first.
var redHatProducts = []struct{ prefix, family string }{
	{"red hat enterprise linux", "redhat"},
	{"centos", "centos"},
	{"rocky linux", "rocky"},
	{"almalinux", "alma"},
	{"oracle linux", "oracle"},
	{"amazon linux", "amazon"},
	{"fedora", "fedora"},
}

// parseRedHatRelease reads the "<product> release <version> (<codename>)"
// line that all RHEL-like distributions write. The family comes from the
// product name, not the file name, because the same files exist across the
// family (CentOS ships redhat-release, Amazon Linux system-release).
func parseRedHatRelease(content []byte) *inventory.OS {
	line := firstLine(content)
	m := releaseRE.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	product := strings.ToLower(m[1])
	for _, p := range redHatProducts {
		if !strings.HasPrefix(product, p.prefix) {
			continue
		}
		version := m[2]
		if p.family == "amazon" {
			version = amazonRelease(version)
		}
		return &inventory.OS{Family: p.family, Version: version, Name: line}
	}
	return nil
}

// amazonRelease maps Amazon Linux versions to the database's releases:
// "2", "2022", "2023" (including point releases like "2023.3.20240108"), and
// "1" for the year-numbered Amazon Linux AMI ("2018.03").
func amazonRelease(v string) string {
	switch m := major(v); m {
	case "2", "2022", "2023":
		return m
	case "":
		return ""
	default:
		if len(m) == 4 && isDigits(m) && m < "2022" {
			return "1"
		}
		return m
	}
}

// parseAssignments reads KEY=value lines as os-release(5) defines them
// (shell-like, values optionally quoted) and keeps only the wanted keys.
func parseAssignments(content []byte, keys ...string) map[string]string {
	out := make(map[string]string, len(keys))
	for line := range lines(content) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, v, ok := bytes.Cut(line, []byte("="))
		if !ok {
			continue
		}
		k, v = bytes.TrimSpace(k), bytes.TrimSpace(v)
		for _, want := range keys {
			if string(k) != want || len(v) > maxValue+2 {
				continue
			}
			if val, ok := unquote(string(v)); ok {
				out[want] = val
			}
		}
	}
	return out
}

// parseSpacedAssignments reads the "KEY = value" lines of SuSE-release.
func parseSpacedAssignments(content []byte, keys ...string) map[string]string {
	out := make(map[string]string, len(keys))
	for line := range lines(content) {
		k, v, ok := bytes.Cut(line, []byte("="))
		if !ok {
			continue
		}
		k, v = bytes.TrimSpace(k), bytes.TrimSpace(v)
		for _, want := range keys {
			if string(k) == want && len(v) <= maxValue {
				if val := clean(string(v)); val != "" {
					out[want] = val
				}
			}
		}
	}
	return out
}

// unquote undoes os-release quoting: double quotes with backslash escapes,
// single quotes taken literally, or a bare word.
func unquote(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	switch s[0] {
	case '"':
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\\' && i+1 < len(s):
				i++
				b.WriteByte(s[i])
			case c == '"':
				return clean(b.String()), true
			default:
				b.WriteByte(c)
			}
		}
		return "", false
	case '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", false
		}
		return clean(s[1 : 1+end]), true
	default:
		return clean(s), true
	}
}

// clean rejects values that cannot be a name or version: too long, not
// UTF-8, or holding control characters that would garble a report.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > maxValue || !utf8.ValidString(s) {
		return ""
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return ""
	}
	return s
}

// firstLine returns the first non-blank line, cleaned.
func firstLine(content []byte) string {
	for line := range lines(content) {
		line = bytes.TrimSpace(line)
		if len(line) > maxValue {
			return ""
		}
		if len(line) > 0 {
			return clean(string(line))
		}
	}
	return ""
}

// lines yields the lines of content without their line endings (LF or CRLF).
func lines(content []byte) func(yield func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(content) > 0 {
			line, rest, _ := bytes.Cut(content, []byte("\n"))
			content = rest
			if !yield(bytes.TrimSuffix(line, []byte("\r"))) {
				return
			}
		}
	}
}

func major(v string) string {
	if i := strings.IndexByte(v, '.'); i >= 0 {
		return v[:i]
	}
	return v
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}
