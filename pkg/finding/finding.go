// Package finding defines the single result schema shared by every scanner and
// every report writer: findings, results (one per scanned target) and the
// report that holds them. Its JSON form is the public report contract.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SchemaVersion is the version of the JSON report contract.
const SchemaVersion = 1

// Severity orders findings; the zero value is SeverityUnknown.
type Severity int

// Severities from least to most severe.
const (
	SeverityUnknown Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"}

// AllSeverities lists every severity from most to least severe.
func AllSeverities() []Severity {
	return []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow, SeverityUnknown}
}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return "UNKNOWN"
	}
	return severityNames[s]
}

// ParseSeverity accepts a severity name in any case.
func ParseSeverity(s string) (Severity, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	for i, n := range severityNames {
		if n == u {
			return Severity(i), nil
		}
	}
	return SeverityUnknown, fmt.Errorf("unknown severity %q (want one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN)", s)
}

// ParseSeverities parses a comma-separated list such as "HIGH,CRITICAL".
func ParseSeverities(list []string) ([]Severity, error) {
	var out []Severity
	for _, item := range list {
		for _, p := range strings.Split(item, ",") {
			if strings.TrimSpace(p) == "" {
				continue
			}
			s, err := ParseSeverity(p)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Type says what kind of problem a finding describes.
type Type string

// Finding types of the report contract.
const (
	TypeVulnerability    Type = "vulnerability"
	TypeMisconfiguration Type = "misconfiguration"
	TypeSecret           Type = "secret"
	TypeBehavior         Type = "behavior"
	TypeTrust            Type = "trust"
)

// Kind says what kind of target a result covers.
type Kind string

// Target kinds of the report contract.
const (
	KindImage   Kind = "image"
	KindConfig  Kind = "config"
	KindCluster Kind = "cluster"
	KindNode    Kind = "node"
	KindRuntime Kind = "runtime"
	// KindFilesystem is a directory tree: a source checkout or a root file system.
	KindFilesystem Kind = "filesystem"
	// KindSBOM is a software bill of materials scanned for vulnerabilities.
	KindSBOM Kind = "sbom"
)

// Package is the affected package of a vulnerability finding.
type Package struct {
	Name         string `json:"name"`
	Version      string `json:"version"`
	Ecosystem    string `json:"ecosystem,omitempty"`
	FixedVersion string `json:"fixedVersion,omitempty"`
	SrcName      string `json:"srcName,omitempty"`
	Path         string `json:"path,omitempty"`
	Layer        string `json:"layer,omitempty"`
	PURL         string `json:"purl,omitempty"`
}

// Resource is the Kubernetes object a finding is about.
type Resource struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name,omitempty"`
}

// Location points into a file.
type Location struct {
	Path      string `json:"path"`
	StartLine int    `json:"startLine,omitempty"`
	EndLine   int    `json:"endLine,omitempty"`
	// Layer is the diffID of the image layer holding the file.
	Layer string `json:"layer,omitempty"`
	// Snippet is the offending line, with any secret in it masked.
	Snippet string `json:"snippet,omitempty"`
}

// CVSS holds one source's CVSS scores.
type CVSS struct {
	V2Vector string  `json:"v2Vector,omitempty"`
	V2Score  float64 `json:"v2Score,omitempty"`
	V3Vector string  `json:"v3Vector,omitempty"`
	V3Score  float64 `json:"v3Score,omitempty"`
}

// Finding is one problem found in a target.
type Finding struct {
	ID       string   `json:"id"`
	Type     Type     `json:"type"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title,omitempty"`
	// Message says what a rule found in this resource (misconfigurations).
	Message     string `json:"message,omitempty"`
	Description string `json:"description,omitempty"`
	Remediation string `json:"remediation,omitempty"`
	// Status is the vendor status of a vulnerability: fixed, affected, will_not_fix, ...
	Status string `json:"status,omitempty"`
	// SeveritySource names where Severity was taken from (a vendor or "nvd").
	SeveritySource string          `json:"severitySource,omitempty"`
	CVSS           map[string]CVSS `json:"cvss,omitempty"`
	Package        *Package        `json:"package,omitempty"`
	Resource       *Resource       `json:"resource,omitempty"`
	Location       *Location       `json:"location,omitempty"`
	Compliance     []string        `json:"compliance,omitempty"`
	References     []string        `json:"references,omitempty"`
	PublishedDate  *time.Time      `json:"publishedDate,omitempty"`
	// Suppression says why a finding listed in Result.Suppressed is not shown.
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Suppression kinds.
const (
	SuppressIgnoreFile = "ignorefile"
	SuppressAnnotation = "annotation"
	SuppressComment    = "comment"
)

// Suppression records who silenced a finding: an ignore file, an annotation
// on the object or a comment in the file.
type Suppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// OS is the operating system of an image or host.
type OS struct {
	Family  string `json:"family"`
	Version string `json:"version"`
	// EOL is true when the distribution release is known to be end of life.
	EOL bool `json:"eol,omitempty"`
}

// Result holds the findings of one scanned target.
type Result struct {
	Target   string    `json:"target"`
	Kind     Kind      `json:"kind"`
	Cluster  string    `json:"cluster,omitempty"`
	OS       *OS       `json:"os,omitempty"`
	Packages []Package `json:"packages,omitempty"`
	Errors   []string  `json:"errors,omitempty"`
	Findings []Finding `json:"findings"`
	// Suppressed are findings silenced by an ignore file, annotation or
	// comment: kept so reports can count them.
	Suppressed []Finding `json:"suppressed,omitempty"`
	// Metadata carries target facts such as image digest and layers.
	Metadata map[string]any `json:"metadata,omitempty"`
}

// Tool names the program that produced a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Report is the document every writer renders.
type Report struct {
	SchemaVersion int       `json:"schemaVersion"`
	Tool          Tool      `json:"tool"`
	CreatedAt     time.Time `json:"createdAt"`
	// Compliance summarises the report against the frameworks a scan's
	// --compliance named (palisade compliance gives every control). It
	// comes before results: the JSON writer streams results last.
	Compliance []ComplianceSummary `json:"compliance,omitempty"`
	Results    []Result            `json:"results"`
}

// ComplianceSummary is one framework's assessment of a report's results of
// one cluster ("" for results of no cluster).
type ComplianceSummary struct {
	Framework string         `json:"framework"`
	Cluster   string         `json:"cluster,omitempty"`
	Counts    map[string]int `json:"counts"`
	// PassRate is PASS / (PASS + FAIL) in percent.
	PassRate float64 `json:"passRate"`
	// Failing lists the controls that failed, with what failed them.
	Failing []FailingControl `json:"failing,omitempty"`
}

// FailingControl is a failed control of a ComplianceSummary and the
// resources (namespace/Kind/name, file:line or target) and rules that failed it.
type FailingControl struct {
	ID        string   `json:"id"`
	Resources []string `json:"resources"`
}

// New returns an empty report stamped with the tool version and time.
func New(version string, now time.Time) *Report {
	return &Report{SchemaVersion: SchemaVersion, Tool: Tool{Name: "palisade", Version: version}, CreatedAt: now.UTC().Truncate(time.Second), Results: []Result{}}
}

// Sort orders findings deterministically: most severe first, then by ID,
// package, resource and location.
func (r *Result) Sort() {
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	slices.SortStableFunc(r.Findings, Compare)
	slices.SortStableFunc(r.Suppressed, Compare)
	slices.SortStableFunc(r.Packages, func(a, b Package) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version), cmp.Compare(a.Path, b.Path))
	})
}

// Compare orders two findings for output.
func Compare(a, b Finding) int {
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	ak, bk := sortKey(a), sortKey(b)
	return cmp.Or(cmp.Compare(ak, bk), cmp.Compare(a.ID, b.ID))
}

func sortKey(f Finding) string {
	var sb strings.Builder
	if f.Package != nil {
		sb.WriteString(f.Package.Name + "\x00" + f.Package.Version + "\x00" + f.Package.Path + "\x00")
	}
	if f.Resource != nil {
		sb.WriteString(f.Resource.Namespace + "\x00" + f.Resource.Kind + "\x00" + f.Resource.Name + "\x00")
	}
	if f.Location != nil {
		fmt.Fprintf(&sb, "%s\x00%08d\x00", f.Location.Path, f.Location.StartLine)
	}
	sb.WriteString(f.ID)
	return sb.String()
}

// Sort orders every result's findings.
func (r *Report) Sort() {
	for i := range r.Results {
		r.Results[i].Sort()
	}
}

// Counts returns the number of findings per severity over all results.
func (r *Report) Counts() map[Severity]int {
	c := map[Severity]int{}
	for _, res := range r.Results {
		for _, f := range res.Findings {
			c[f.Severity]++
		}
	}
	return c
}

// HasAtLeast reports whether any finding is at or above min.
func (r *Report) HasAtLeast(min Severity) bool {
	for _, res := range r.Results {
		for _, f := range res.Findings {
			if f.Severity >= min {
				return true
			}
		}
	}
	return false
}
