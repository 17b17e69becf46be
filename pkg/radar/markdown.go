package radar

import (
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
)

// mdLimit bounds every per-cluster table, so that a comment stays short.
const mdLimit = 10

var mdEscaper = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]",
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "#", "\\#", "\r", " ", "\n", " ",
)

// md escapes text from a report for a Markdown table cell or list item.
func md(s string) string { return mdEscaper.Replace(oneLine(s)) }

// Markdown writes compact tables for pull request comments and CI job
// summaries: one overview table, then one collapsed section per cluster.
func (v *View) Markdown(w io.Writer) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "## Palisade report\n\n%d cluster%s · %d findings · risk %d · generated %s\n\n",
		len(v.Clusters), plural(len(v.Clusters)), v.Severity.Total(), v.RiskScore, v.Generated.Format(time.RFC3339))
	sb.WriteString("| Cluster | Risk | Critical | High | Medium | Low | Unknown | Fixable critical | Node check fails | Runtime alerts |\n")
	sb.WriteString("|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, c := range v.Clusters {
		fmt.Fprintf(&sb, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", md(c.Name), c.RiskScore,
			c.Severity[finding.SeverityCritical], c.Severity[finding.SeverityHigh], c.Severity[finding.SeverityMedium],
			c.Severity[finding.SeverityLow], c.Severity[finding.SeverityUnknown], c.fixableCritical(), c.failingChecks(), c.RuntimeAlerts)
	}
	for _, c := range v.Clusters {
		summary := html.EscapeString(oneLine(c.Name))
		if c.Version != "" {
			summary += " (" + html.EscapeString(oneLine(c.Version)) + ")"
		}
		fmt.Fprintf(&sb, "\n<details><summary><b>%s</b>: risk %d, %s</summary>\n\n", summary, c.RiskScore, c.Severity)
		table := func(title string, header []string, numFrom int, rows [][]string, total int) {
			if len(rows) == 0 {
				return
			}
			fmt.Fprintf(&sb, "**%s**", title)
			if total > len(rows) {
				fmt.Fprintf(&sb, " (top %d of %d)", len(rows), total)
			}
			sb.WriteString("\n\n| " + strings.Join(header, " | ") + " |\n|")
			for i := range header {
				if i < numFrom {
					sb.WriteString(":--|")
				} else {
					sb.WriteString("--:|")
				}
			}
			sb.WriteString("\n")
			for _, r := range rows {
				sb.WriteString("| " + strings.Join(r, " | ") + " |\n")
			}
			sb.WriteString("\n")
		}
		sevCells := func(cs Counts) []string {
			return []string{fmt.Sprint(cs[finding.SeverityCritical]), fmt.Sprint(cs[finding.SeverityHigh]), fmt.Sprint(cs[finding.SeverityMedium]), fmt.Sprint(cs[finding.SeverityLow])}
		}
		var rows [][]string
		for i, ns := range c.Namespaces {
			if i == mdLimit {
				break
			}
			rows = append(rows, append([]string{md(ns.Name), fmt.Sprint(ns.RiskScore)}, sevCells(ns.Severity)...))
		}
		table("Riskiest namespaces", []string{"Namespace", "Risk", "Critical", "High", "Medium", "Low"}, 1, rows, len(c.Namespaces))
		rows = nil
		all := topWorkloads(c, 1<<30)
		for i, rw := range all {
			if i == mdLimit {
				break
			}
			rows = append(rows, append([]string{md(rw.Namespace + "/" + rw.label()), fmt.Sprint(rw.RiskScore)}, sevCells(rw.Severity)...))
		}
		table("Riskiest workloads", []string{"Workload", "Risk", "Critical", "High", "Medium", "Low"}, 1, rows, len(all))
		rows = nil
		for i, im := range c.Images {
			if i == mdLimit {
				break
			}
			rows = append(rows, []string{md(im.Name), fmt.Sprint(im.FixableCritical), fmt.Sprint(im.Severity[finding.SeverityCritical]), fmt.Sprint(im.Fixable), fmt.Sprint(im.Vulnerabilities)})
		}
		table("Images", []string{"Image", "Fixable critical", "Critical", "Fixable", "Vulnerabilities"}, 1, rows, len(c.Images))
		rows = nil
		for i, t := range c.TrustViolations {
			if i == mdLimit {
				break
			}
			rows = append(rows, []string{md(t.Namespace + "/" + t.Kind + "/" + t.Name), t.Severity.String(), md(t.ID), md(t.Message)})
		}
		table("Trust violations", []string{"Workload", "Severity", "Rule", "Message"}, 4, rows, len(c.TrustViolations))
		rows = nil
		for i, n := range c.Nodes {
			if i == mdLimit {
				break
			}
			rows = append(rows, []string{md(n.Name), md(n.Benchmark), fmt.Sprint(n.Pass), fmt.Sprint(n.Fail), fmt.Sprint(n.Warn)})
		}
		table("Nodes", []string{"Node", "Benchmark", "Pass", "Fail", "Warn"}, 2, rows, len(c.Nodes))
		rows = nil
		for _, k := range sortedKeys(c.Compliance) {
			rows = append(rows, []string{md(k), fmt.Sprintf("%.1f%%", 100*c.Compliance[k])})
		}
		table("Compliance", []string{"Framework", "Pass rate"}, 1, rows, len(rows))
		list := func(title string, items []string) {
			if len(items) == 0 {
				return
			}
			fmt.Fprintf(&sb, "**%s** (%d)\n\n", title, len(items))
			for i, it := range items {
				if i == mdLimit {
					fmt.Fprintf(&sb, "- … and %d more\n", len(items)-mdLimit)
					break
				}
				sb.WriteString("- " + md(it) + "\n")
			}
			sb.WriteString("\n")
		}
		list("Exposed outside the cluster", c.Exposed)
		list("Privileged workloads", c.Privileged)
		if c.RuntimeAlerts > 0 || len(c.Connections) > 0 {
			fmt.Fprintf(&sb, "**Runtime**: %d alert%s, %d outbound connection%s to %d destination%s\n\n", c.RuntimeAlerts, plural(c.RuntimeAlerts),
				len(c.Connections), plural(len(c.Connections)), len(destinations(c.Connections)), plural(len(destinations(c.Connections))))
		}
		list("Not assessed", c.Errors)
		sb.WriteString("</details>\n")
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// destinations lists the distinct destinations of edges, in order.
func destinations(es []Edge) []string {
	seen := map[string]bool{}
	for _, e := range es {
		seen[e.To] = true
	}
	return sortedSet(seen)
}
