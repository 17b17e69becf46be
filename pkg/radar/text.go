package radar

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
)

// JSON writes the view as indented JSON.
func (v *View) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// fixableCritical sums the fixable CRITICAL vulnerabilities of the images.
func (c *Cluster) fixableCritical() int {
	n := 0
	for _, im := range c.Images {
		n += im.FixableCritical
	}
	return n
}

// failingChecks sums the FAIL checks of the nodes.
func (c *Cluster) failingChecks() int {
	n := 0
	for _, nd := range c.Nodes {
		n += nd.Fail
	}
	return n
}

// Text writes a compact per-cluster summary for a terminal.
func (v *View) Text(w io.Writer) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Palisade report: %d cluster%s, %d findings, risk %d (generated %s)\n\n",
		len(v.Clusters), plural(len(v.Clusters)), v.Severity.Total(), v.RiskScore, v.Generated.Format(time.RFC3339))
	width := len("CLUSTER")
	for _, c := range v.Clusters {
		width = max(width, len([]rune(oneLine(c.Name))))
	}
	// Names left, numbers right: pad the names by hand, let tabwriter
	// right-align the rest.
	pad := func(s string) string { return s + strings.Repeat(" ", width-len([]rune(s))) }
	tw := tabwriter.NewWriter(&sb, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, pad("CLUSTER")+"\tRISK\tCRITICAL\tHIGH\tMEDIUM\tLOW\tUNKNOWN\tFIXABLE CRITICAL\tNODE FAILS\tRUNTIME ALERTS\t")
	for _, c := range v.Clusters {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", pad(oneLine(c.Name)), c.RiskScore,
			c.Severity[finding.SeverityCritical], c.Severity[finding.SeverityHigh], c.Severity[finding.SeverityMedium],
			c.Severity[finding.SeverityLow], c.Severity[finding.SeverityUnknown], c.fixableCritical(), c.failingChecks(), c.RuntimeAlerts)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range v.Clusters {
		head := "Cluster " + oneLine(c.Name)
		if c.Version != "" {
			head += " (" + oneLine(c.Version) + ")"
		}
		fmt.Fprintf(&sb, "\n%s: risk %d, %s\n", head, c.RiskScore, c.Severity)
		list := func(title string, items []string) {
			if len(items) == 0 {
				return
			}
			const limit = 5
			more := ""
			if len(items) > limit {
				more = fmt.Sprintf(" and %d more", len(items)-limit)
				items = items[:limit]
			}
			fmt.Fprintf(&sb, "  %s: %s%s\n", title, strings.Join(items, "; "), more)
		}
		var nss, wls []string
		for _, ns := range c.Namespaces {
			nss = append(nss, fmt.Sprintf("%s (risk %d)", oneLine(ns.Name), ns.RiskScore))
		}
		for _, rw := range topWorkloads(c, 5) {
			wls = append(wls, fmt.Sprintf("%s/%s (risk %d)", oneLine(rw.Namespace), oneLine(rw.label()), rw.RiskScore))
		}
		list("Riskiest namespaces", nss)
		list("Riskiest workloads", wls)
		var imgs []string
		for _, im := range c.Images {
			imgs = append(imgs, fmt.Sprintf("%s (%d fixable CRITICAL, %d vulnerabilit%s)", oneLine(im.Name), im.FixableCritical, im.Vulnerabilities, map[bool]string{true: "y", false: "ies"}[im.Vulnerabilities == 1]))
		}
		list("Images", imgs)
		list("Exposed", oneLines(c.Exposed))
		list("Privileged", oneLines(c.Privileged))
		var tvs []string
		for _, t := range c.TrustViolations {
			tvs = append(tvs, fmt.Sprintf("%s %s/%s/%s", t.ID, oneLine(t.Namespace), oneLine(t.Kind), oneLine(t.Name)))
		}
		list("Trust violations", tvs)
		var nodes []string
		for _, n := range c.Nodes {
			nodes = append(nodes, fmt.Sprintf("%s %s: %d PASS, %d FAIL, %d WARN", oneLine(n.Name), oneLine(n.Benchmark), n.Pass, n.Fail, n.Warn))
		}
		list("Nodes", nodes)
		if c.RuntimeAlerts > 0 || len(c.Connections) > 0 {
			fmt.Fprintf(&sb, "  Runtime: %d alert%s, %d outbound connection%s\n", c.RuntimeAlerts, plural(c.RuntimeAlerts), len(c.Connections), plural(len(c.Connections)))
		}
		var comp []string
		for _, k := range sortedKeys(c.Compliance) {
			comp = append(comp, fmt.Sprintf("%s %.0f%%", oneLine(k), 100*c.Compliance[k]))
		}
		list("Compliance", comp)
		list("Not assessed", oneLines(c.Errors))
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// rankedWorkload is a workload with its namespace, for cluster-wide ranking.
type rankedWorkload struct {
	Workload
	Namespace string
}

// topWorkloads ranks the workloads of every namespace of c by risk score.
func topWorkloads(c Cluster, n int) []rankedWorkload {
	var all []rankedWorkload
	for _, ns := range c.Namespaces {
		for _, w := range ns.Workloads {
			all = append(all, rankedWorkload{w, ns.Name})
		}
	}
	sortRanked(all)
	if len(all) > n {
		all = all[:n]
	}
	return all
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// oneLine keeps names from untrusted reports on one line in text output.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' || r < 0x20 || r == 0x7f }), " ")
}

func oneLines(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = oneLine(s)
	}
	return out
}

// Formats are the output formats of Write.
var Formats = []string{"table", "markdown", "html", "json"}

// CheckFormat reports whether Write knows format.
func CheckFormat(format string) error {
	if _, ok := normFormat(format); !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	return nil
}

func normFormat(format string) (string, bool) {
	switch f := strings.ToLower(strings.TrimSpace(format)); f {
	case "table", "text", "":
		return "table", true
	case "markdown", "md":
		return "markdown", true
	case "html", "json":
		return f, true
	}
	return "", false
}

// Write renders the view in format: table (Text), markdown, html or json.
func (v *View) Write(w io.Writer, format string) error {
	f, _ := normFormat(format)
	switch f {
	case "table":
		return v.Text(w)
	case "markdown":
		return v.Markdown(w)
	case "html":
		return v.HTML(w)
	case "json":
		return v.JSON(w)
	}
	return CheckFormat(format)
}
