package node

import (
	"strings"

	"github.com/palisadesec/palisade/pkg/finding"
)

// Finding statuses of WARN results (Finding.Status).
const (
	// FindingManual marks a check with no automated audit: review by hand.
	FindingManual = "manual"
	// FindingUnverified marks a check that could not be decided (a file was
	// unreadable or malformed); Report.Errors says why.
	FindingUnverified = "unverified"
)

// FindingID is the finding ID of a check: "PAL-CIS-1.10-1.2.1",
// "PAL-EKS-1.5-3.2.1".
func FindingID(benchmark, id string) string {
	return "PAL-" + strings.ToUpper(benchmark) + "-" + id
}

// Findings turns FAIL and WARN results into findings; PASS and
// NOT_APPLICABLE results give none (Counts counts them).
//
// Severity of a FAIL is the check's own (rules/node data: HIGH for
// authentication, authorization and TLS of the control plane, etcd and
// kubelet), else MEDIUM for flag and setting checks and LOW for file
// permission and ownership checks. A WARN is UNKNOWN, the lowest severity,
// so that manual reviews never trip --fail-on; its Status is "manual" or
// "unverified".
func (r *Report) Findings() []finding.Finding {
	var out []finding.Finding
	for _, c := range r.Results {
		if c.Status != StatusFail && c.Status != StatusWarn {
			continue
		}
		f := finding.Finding{
			ID:          FindingID(r.Benchmark, c.ID),
			Type:        finding.TypeMisconfiguration,
			Title:       c.Title,
			Description: "CIS " + c.ID + " (" + componentLabel(c.Component) + "): " + c.Title + ".",
			Remediation: c.Remediation,
			Compliance:  append([]string(nil), c.Compliance...),
		}
		switch {
		case c.Status == StatusWarn && c.Manual:
			f.Status = FindingManual
			f.Message = "Manual check: review this node by hand."
		case c.Status == StatusWarn:
			f.Status = FindingUnverified
			f.Message = "Could not be decided: " + c.Actual
		default:
			f.Severity = severityOf(c.severity)
			f.Message = "Expected " + c.Expected + "; found " + c.Actual + "."
		}
		if c.Source != "" && !strings.Contains(c.Source, ", ") {
			f.Location = &finding.Location{Path: c.Source}
		}
		out = append(out, f)
	}
	return out
}

func severityOf(s string) finding.Severity {
	switch s {
	case "critical":
		return finding.SeverityCritical
	case "high":
		return finding.SeverityHigh
	case "low":
		return finding.SeverityLow
	}
	return finding.SeverityMedium
}

// Result wraps the report as one result of the common report schema: target
// the node name (or "node"), kind node, the benchmark and the status counts
// in Metadata.
func (r *Report) Result() finding.Result {
	target := r.Node
	if target == "" {
		target = "node"
	}
	counts := map[string]int{}
	for s, n := range r.Counts() {
		counts[string(s)] = n
	}
	// Every check's outcome, passing ones included: compliance views need
	// to tell a control that passed from one that was not assessed.
	checks := make([]map[string]any, 0, len(r.Results))
	for _, c := range r.Results {
		checks = append(checks, map[string]any{"id": c.ID, "status": string(c.Status), "compliance": c.Compliance})
	}
	res := finding.Result{
		Target:   target,
		Kind:     finding.KindNode,
		Cluster:  r.Cluster,
		Errors:   append([]string(nil), r.Errors...),
		Findings: r.Findings(),
		Metadata: map[string]any{"benchmark": r.Benchmark, "kubeVersion": r.KubeVersion, "components": r.Components, "counts": counts, "checks": checks},
	}
	res.Sort()
	return res
}
