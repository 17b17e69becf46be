package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/palisadesec/palisade/pkg/finding"
)

// The SARIF 2.1.0 subset GitHub code scanning reads. Hand-written structs keep
// the output small, ordered and stable.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations,omitempty"`
	Results     []sarifResult     `json:"results"`
}

// sarifInvocation carries what could not be assessed, so that a CI upload
// shows a partial scan as such rather than as a clean one.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	HelpURI              string         `json:"helpUri,omitempty"`
	Help                 sarifHelp      `json:"help"`
	DefaultConfiguration sarifLevel     `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifLevel struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

// sarifSuppression marks a result silenced in the scanned source (an
// annotation or comment: inSource) or outside it (an ignore file: external).
type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	// LogicalLocations name the object of a finding that has no file (a
	// live cluster's): cluster/namespace/Kind/name.
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifWriter struct{}

// securitySeverity is the CVSS-like score GitHub uses to rank alerts.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical:
		return "9.5"
	case finding.SeverityHigh:
		return "8.0"
	case finding.SeverityMedium:
		return "5.5"
	case finding.SeverityLow:
		return "2.0"
	}
	return "0.0"
}

func sarifLevelOf(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical, finding.SeverityHigh:
		return "error"
	case finding.SeverityMedium:
		return "warning"
	}
	return "note"
}

func (sarifWriter) Write(w io.Writer, r *finding.Report) error {
	if r == nil {
		return errNilReport
	}
	rules := map[string]sarifRule{}
	addRule := func(f finding.Finding) {
		if old, ok := rules[f.ID]; !ok || f.Severity > severityFromScore(old.Properties["security-severity"].(string)) {
			rules[f.ID] = ruleFor(f)
		}
	}
	var results []sarifResult
	for _, res := range r.Results {
		for _, f := range res.Findings {
			addRule(f)
			results = append(results, resultFor(res, f))
		}
		// Suppressed findings stay in the log, marked as such, so that code
		// scanning services show them as dismissed rather than fixed.
		for _, f := range res.Suppressed {
			addRule(f)
			sr := resultFor(res, f)
			sr.Suppressions = []sarifSuppression{suppressionFor(f.Suppression)}
			results = append(results, sr)
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	index := map[string]int{}
	ordered := make([]sarifRule, len(ids))
	for i, id := range ids {
		index[id] = i
		ordered[i] = rules[id]
	}
	for i := range results {
		results[i].RuleIndex = index[results[i].RuleID]
	}
	if results == nil {
		results = []sarifResult{}
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, res := range r.Results {
		for _, e := range res.Errors {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText{Text: res.Target + ": " + e}})
		}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: "palisade", Version: r.Tool.Version,
				InformationURI: "https://github.com/palisadesec/palisade", Rules: ordered,
			}},
			Invocations: []sarifInvocation{inv},
			Results:     results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func severityFromScore(s string) finding.Severity {
	switch s {
	case "9.5":
		return finding.SeverityCritical
	case "8.0":
		return finding.SeverityHigh
	case "5.5":
		return finding.SeverityMedium
	case "2.0":
		return finding.SeverityLow
	}
	return finding.SeverityUnknown
}

func ruleFor(f finding.Finding) sarifRule {
	short := f.Title
	if short == "" {
		short = f.ID
	}
	full := f.Description
	if full == "" {
		full = short
	}
	var help strings.Builder
	fmt.Fprintf(&help, "%s\nSeverity: %s\n", short, f.Severity)
	if f.Remediation != "" {
		fmt.Fprintf(&help, "Remediation: %s\n", f.Remediation)
	}
	for _, ref := range f.References {
		fmt.Fprintf(&help, "%s\n", ref)
	}
	rule := sarifRule{
		ID: f.ID, Name: string(f.Type),
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifHelp{Text: strings.TrimSpace(help.String())},
		DefaultConfiguration: sarifLevel{Level: sarifLevelOf(f.Severity)},
		Properties: map[string]any{
			"security-severity": securitySeverity(f.Severity),
			"precision":         "very-high",
			"tags":              []string{"security", string(f.Type), f.Severity.String()},
		},
	}
	if f.Type == finding.TypeMisconfiguration {
		// A rule of the configuration checks has a title of its own, which
		// code scanning shows to filter alerts by rule, and compliance
		// controls that make useful tags.
		rule.Name = short
		rule.Help.Markdown = misconfigHelpMarkdown(f, short)
		tags := []string{"security", string(f.Type), f.Severity.String()}
		for _, c := range f.Compliance {
			if !slices.Contains(tags, c) {
				tags = append(tags, c)
			}
		}
		rule.Properties["tags"] = tags
	}
	for _, ref := range f.References {
		if u, err := url.Parse(ref); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			rule.HelpURI = ref
			break
		}
	}
	return rule
}

func misconfigHelpMarkdown(f finding.Finding, title string) string {
	var md strings.Builder
	fmt.Fprintf(&md, "**%s** (%s, severity %s)\n", title, f.ID, f.Severity)
	if f.Description != "" {
		fmt.Fprintf(&md, "\n%s\n", f.Description)
	}
	if f.Remediation != "" {
		fmt.Fprintf(&md, "\n**Remediation:** %s\n", f.Remediation)
	}
	if len(f.Compliance) > 0 {
		fmt.Fprintf(&md, "\n**Compliance:** %s\n", strings.Join(f.Compliance, ", "))
	}
	if len(f.References) > 0 {
		md.WriteString("\n**References:**\n")
		for _, ref := range f.References {
			fmt.Fprintf(&md, "- %s\n", ref)
		}
	}
	return strings.TrimSpace(md.String())
}

// suppressionFor maps a finding's suppression to SARIF: annotations and
// comments live in the scanned source, an ignore file outside it.
func suppressionFor(s *finding.Suppression) sarifSuppression {
	if s == nil {
		return sarifSuppression{Kind: "external"}
	}
	kind := "external"
	if s.Kind == finding.SuppressAnnotation || s.Kind == finding.SuppressComment {
		kind = "inSource"
	}
	return sarifSuppression{Kind: kind, Justification: s.Justification}
}

func resultFor(res finding.Result, f finding.Finding) sarifResult {
	var msg strings.Builder
	if f.Type == finding.TypeMisconfiguration && f.Message != "" {
		msg.WriteString(f.Message)
	} else if f.Package != nil {
		fmt.Fprintf(&msg, "Package: %s\nInstalled: %s\nVulnerability: %s\nSeverity: %s\nFixed: %s", f.Package.Name, f.Package.Version, f.ID, f.Severity, orNone(f.Package.FixedVersion))
	} else {
		msg.WriteString(f.Title)
		if f.Resource != nil {
			fmt.Fprintf(&msg, "\nResource: %s", where(finding.Finding{Resource: f.Resource}))
		}
	}
	uri, line, end := res.Target, 1, 1
	switch {
	case f.Location != nil && f.Location.Path != "":
		uri = f.Location.Path
		line = max(f.Location.StartLine, 1)
		end = max(f.Location.EndLine, line)
	case f.Package != nil && f.Package.Path != "":
		uri = f.Package.Path
	}
	uri = artifactURI(uri)
	key := res.Target + "\x00" + f.ID + "\x00" + where(f) + "\x00" + uri
	if f.Type == finding.TypeMisconfiguration {
		// The object and what was found in it (which container, which
		// port), not the line, which moves with unrelated edits of the file.
		// A file without objects (a Dockerfile) has only lines to tell its
		// findings apart.
		key = res.Target + "\x00" + f.ID + "\x00" + resourceName(f.Resource) + "\x00" + uri + "\x00" + f.Message
		if f.Resource == nil {
			key += "\x00" + lines(f.Location)
		}
	}
	h := sha256.Sum256([]byte(key))
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}, Region: sarifRegion{StartLine: line, StartColumn: 1, EndLine: end, EndColumn: 1}}}
	if f.Location == nil && f.Resource != nil && res.Kind == finding.KindCluster {
		name := f.Resource.Kind + "/" + f.Resource.Name
		fq := res.Cluster + "/"
		if f.Resource.Namespace != "" {
			fq += f.Resource.Namespace + "/"
		}
		loc.LogicalLocations = []sarifLogical{{Name: name, FullyQualifiedName: fq + name, Kind: "resource"}}
	}
	return sarifResult{
		RuleID:              f.ID,
		Level:               sarifLevelOf(f.Severity),
		Message:             sarifText{Text: msg.String()},
		Locations:           []sarifLocation{loc},
		PartialFingerprints: map[string]string{"palisadeFinding/v1": hex.EncodeToString(h[:16])},
	}
}

// artifactURI turns a path or image reference into a relative URI reference:
// escaped, and prefixed with ./ when its first segment holds a colon (as in
// alpine:3.19), which would otherwise read as a URI scheme.
func artifactURI(p string) string {
	p = strings.TrimLeft(p, "/")
	if p == "" {
		p = "unknown"
	}
	return (&url.URL{Path: p}).String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
