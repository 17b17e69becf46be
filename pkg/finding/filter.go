package finding

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// Filter drops findings the user asked not to see.
type Filter struct {
	// Severities keeps only these severities when non-empty.
	Severities []Severity
	// IgnoreUnfixed drops vulnerabilities without a fixed version.
	IgnoreUnfixed bool
	// Ignores are the rules of an ignore file.
	Ignores []IgnoreRule
	// Now decides whether an ignore rule has expired.
	Now time.Time
}

// IgnoreRule suppresses a finding ID, optionally only for one package, until
// an optional expiry date.
type IgnoreRule struct {
	ID      string
	Package string
	Expires time.Time
	Line    int
}

// Apply filters every result of r in place. Findings matched by the ignore
// file are moved to the result's Suppressed list, not dropped, so that
// reports can count them; the other filters only narrow the view.
func (f Filter) Apply(r *Report) {
	for i := range r.Results {
		res := &r.Results[i]
		var kept []Finding
		for _, fd := range res.Findings {
			if !f.shown(fd) {
				continue
			}
			if ig, ok := f.ignored(fd); ok {
				fd.Suppression = &Suppression{Kind: SuppressIgnoreFile, Justification: fmt.Sprintf("ignore file line %d", ig.Line)}
				res.Suppressed = append(res.Suppressed, fd)
				continue
			}
			kept = append(kept, fd)
		}
		if kept == nil {
			kept = []Finding{}
		}
		res.Findings = kept
		res.Suppressed = slices.DeleteFunc(res.Suppressed, func(fd Finding) bool { return !f.shown(fd) })
	}
}

func (f Filter) shown(fd Finding) bool {
	if len(f.Severities) > 0 && !slices.Contains(f.Severities, fd.Severity) {
		return false
	}
	if f.IgnoreUnfixed && fd.Type == TypeVulnerability && (fd.Package == nil || fd.Package.FixedVersion == "") {
		return false
	}
	return true
}

func (f Filter) ignored(fd Finding) (IgnoreRule, bool) {
	for _, ig := range f.Ignores {
		if ig.ID != fd.ID {
			continue
		}
		if ig.Package != "" && (fd.Package == nil || fd.Package.Name != ig.Package) {
			continue
		}
		if !ig.Expires.IsZero() && f.Now.After(ig.Expires) {
			continue
		}
		return ig, true
	}
	return IgnoreRule{}, false
}

// maxIgnoreLines bounds an ignore file.
const maxIgnoreLines = 100000

// ParseIgnoreFile reads rules, one per line:
//
//	# comment
//	CVE-2023-1234
//	CVE-2023-5678 package=openssl exp:2026-12-31
//
// An expiry date is inclusive: the rule stops applying the day after.
func ParseIgnoreFile(r io.Reader, name string) ([]IgnoreRule, error) {
	var rules []IgnoreRule
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n > maxIgnoreLines {
			return nil, fmt.Errorf("%s: more than %d lines", name, maxIgnoreLines)
		}
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		rule := IgnoreRule{ID: fields[0], Line: n}
		for _, fld := range fields[1:] {
			switch {
			case strings.HasPrefix(fld, "exp:"):
				t, err := time.Parse("2006-01-02", strings.TrimPrefix(fld, "exp:"))
				if err != nil {
					return nil, fmt.Errorf("%s:%d: invalid expiry %q (want exp:YYYY-MM-DD)", name, n, fld)
				}
				rule.Expires = t.Add(24*time.Hour - time.Nanosecond)
			case strings.HasPrefix(fld, "package="):
				rule.Package = strings.TrimPrefix(fld, "package=")
			default:
				return nil, fmt.Errorf("%s:%d: unknown field %q (want package=NAME or exp:YYYY-MM-DD)", name, n, fld)
			}
		}
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rules, nil
}

// LoadIgnoreFile reads an ignore file; a missing file at the default path is
// not an error when optional is true.
func LoadIgnoreFile(path string, optional bool) ([]IgnoreRule, error) {
	f, err := os.Open(path)
	if err != nil {
		if optional && os.IsNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("reading ignore file: %w", err)
	}
	defer f.Close()
	return ParseIgnoreFile(f, path)
}
