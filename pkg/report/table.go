package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"
	"github.com/muesli/termenv"

	"github.com/palisadesec/palisade/pkg/finding"
)

type tableWriter struct{ o options }

var severityColors = map[finding.Severity]string{
	finding.SeverityCritical: "9",   // bright red
	finding.SeverityHigh:     "208", // orange
	finding.SeverityMedium:   "11",  // yellow
	finding.SeverityLow:      "12",  // blue
	finding.SeverityUnknown:  "8",   // grey
}

func (t tableWriter) Write(w io.Writer, r *finding.Report) error {
	if r == nil {
		return errNilReport
	}
	re := lipgloss.NewRenderer(w)
	if t.o.color {
		re.SetColorProfile(termenv.ANSI256)
	} else {
		re.SetColorProfile(termenv.Ascii)
	}
	var sb strings.Builder
	for i, res := range r.Results {
		if i > 0 {
			sb.WriteString("\n")
		}
		t.writeResult(&sb, re, res)
	}
	t.writeOverall(&sb, re, r)
	t.writeCompliance(&sb, re, r)
	_, err := io.WriteString(w, sb.String())
	return err
}

// summary is the count line of a result or of the whole report.
func (t tableWriter) summary(re *lipgloss.Renderer, findings []finding.Finding, suppressed int) string {
	counts := map[finding.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
	}
	var parts []string
	for _, s := range finding.AllSeverities() {
		parts = append(parts, fmt.Sprintf("%s: %d", t.sev(re, s), counts[s]))
	}
	line := fmt.Sprintf("Total: %d (%s)", len(findings), strings.Join(parts, ", "))
	if suppressed > 0 {
		line += fmt.Sprintf(", %d suppressed", suppressed)
	}
	return line
}

// writeOverall adds a summary over all results to reports that scan several
// targets for misconfigurations (one result per file or chart) or that hold
// suppressed findings. Other reports keep their per-result summaries only.
func (t tableWriter) writeOverall(sb *strings.Builder, re *lipgloss.Renderer, r *finding.Report) {
	if len(r.Results) < 2 {
		return
	}
	var all []finding.Finding
	show := false
	suppressed, errs := 0, 0
	for _, res := range r.Results {
		all = append(all, res.Findings...)
		suppressed += len(res.Suppressed)
		errs += len(res.Errors)
		show = show || res.Kind == finding.KindConfig || len(res.Suppressed) > 0
	}
	if !show {
		return
	}
	header := fmt.Sprintf("Summary (%d targets)", len(r.Results))
	sb.WriteString("\n" + re.NewStyle().Bold(t.o.color).Render(header) + "\n")
	sb.WriteString(strings.Repeat("=", min(len([]rune(header)), t.o.width)) + "\n")
	sb.WriteString(t.summary(re, all, suppressed) + "\n")
	if errs > 0 {
		fmt.Fprintf(sb, "Errors: %d\n", errs)
	}
}

func (t tableWriter) sev(re *lipgloss.Renderer, s finding.Severity) string {
	if !t.o.color {
		return s.String()
	}
	return re.NewStyle().Foreground(lipgloss.Color(severityColors[s])).Bold(s >= finding.SeverityHigh).Render(s.String())
}

func (t tableWriter) writeResult(sb *strings.Builder, re *lipgloss.Renderer, res finding.Result) {
	if res.Kind == finding.KindCluster {
		t.writeCluster(sb, re, res)
		return
	}
	header := res.Target
	if res.OS != nil {
		header += " (" + res.OS.Family + " " + res.OS.Version + ")"
	}
	if res.Cluster != "" {
		header = "[" + res.Cluster + "] " + header
	}
	title := re.NewStyle().Bold(t.o.color).Render(header)
	sb.WriteString(title + "\n")
	sb.WriteString(strings.Repeat("=", min(len([]rune(header)), t.o.width)) + "\n")
	sb.WriteString(t.summary(re, res.Findings, len(res.Suppressed)) + "\n")
	if line := benchmarkLine(res); line != "" {
		sb.WriteString(line + "\n")
	}
	for _, e := range res.Errors {
		fmt.Fprintf(sb, "error: %s\n", e)
	}
	if len(res.Findings) == 0 {
		sb.WriteString("No findings.\n")
		return
	}
	if res.Kind == finding.KindConfig {
		t.writeConfig(sb, re, res)
		return
	}
	var vulns, others []finding.Finding
	for _, f := range res.Findings {
		if f.Type == finding.TypeVulnerability && f.Package != nil {
			vulns = append(vulns, f)
		} else {
			others = append(others, f)
		}
	}
	if len(vulns) > 0 {
		sb.WriteString("\n" + t.vulnTable(re, vulns) + "\n")
	}
	if len(others) > 0 {
		sb.WriteString("\n" + t.otherTable(re, others) + "\n")
	}
}

// vulnTable groups rows by package, sorted by package then severity, and
// shows the package name only on its first row, as scanners' users expect.
func (t tableWriter) vulnTable(re *lipgloss.Renderer, fs []finding.Finding) string {
	sorted := append([]finding.Finding(nil), fs...)
	sortByPackage(sorted)
	headers := []string{"Package", "Vulnerability", "Severity", "Status", "Installed", "Fixed", "Title"}
	rows := make([][]string, 0, len(sorted))
	prev := ""
	for _, f := range sorted {
		pk := f.Package.Name + "\x00" + f.Package.Version + "\x00" + f.Package.Path
		nm := f.Package.Name
		if pk == prev {
			nm = ""
		}
		prev = pk
		rows = append(rows, []string{nm, f.ID, f.Severity.String(), f.Status, f.Package.Version, f.Package.FixedVersion, f.Title})
	}
	fitLastColumn(headers, rows, t.o.width)
	return t.render(re, headers, rows, 2)
}

func (t tableWriter) otherTable(re *lipgloss.Renderer, fs []finding.Finding) string {
	headers := []string{"ID", "Severity", "Where", "Title"}
	rows := make([][]string, 0, len(fs))
	for _, f := range fs {
		rows = append(rows, []string{f.ID, f.Severity.String(), where(f), f.Title})
	}
	fitLastColumn(headers, rows, t.o.width)
	return t.render(re, headers, rows, 1)
}

// writeConfig prints misconfiguration findings grouped by file, since one
// result (a Helm chart, a Kustomize directory) can cover several files. A
// file that is the result's own target needs no header of its own.
func (t tableWriter) writeConfig(sb *strings.Builder, re *lipgloss.Renderer, res finding.Result) {
	groups := map[string][]finding.Finding{}
	var files []string
	for _, f := range res.Findings {
		p := res.Target
		if f.Location != nil && f.Location.Path != "" {
			p = f.Location.Path
		}
		if _, ok := groups[p]; !ok {
			files = append(files, p)
		}
		groups[p] = append(groups[p], f)
	}
	// Files in path order; findings keep the caller's order within a file.
	slices.Sort(files)
	headers := []string{"Severity", "ID", "Line", "Resource", "Message"}
	tables := make([][][]string, len(files))
	var all [][]string
	for i, p := range files {
		for _, f := range groups[p] {
			msg := f.Message
			if msg == "" {
				msg = f.Title
			}
			row := []string{f.Severity.String(), f.ID, lines(f.Location), resourceName(f.Resource), msg}
			tables[i] = append(tables[i], row)
			all = append(all, row)
		}
	}
	// The tables of one result share their column widths, so that they
	// read as one table split by file.
	fitLastColumn(headers, all, t.o.width)
	padColumns(headers, all)
	for i, p := range files {
		sb.WriteString("\n")
		if p != res.Target || len(files) > 1 {
			sb.WriteString(re.NewStyle().Bold(t.o.color).Render(p) + "\n")
			sb.WriteString(strings.Repeat("-", min(len([]rune(p)), t.o.width)) + "\n")
		}
		sb.WriteString(t.render(re, headers, tables[i], 0) + "\n")
	}
}

// padColumns pads every cell with spaces to the width of its column over all
// rows, so that tables rendered from subsets of rows line up.
func padColumns(headers []string, rows [][]string) {
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = len([]rune(h))
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		for i, c := range r {
			r[i] = c + strings.Repeat(" ", widths[i]-len([]rune(c)))
		}
	}
}

// lines is "12", "12-14" or empty when the location has no line.
func lines(l *finding.Location) string {
	switch {
	case l == nil || l.StartLine <= 0:
		return ""
	case l.EndLine > l.StartLine:
		return fmt.Sprintf("%d-%d", l.StartLine, l.EndLine)
	}
	return fmt.Sprintf("%d", l.StartLine)
}

// resourceName is Kind/name, prefixed with the namespace when it has one.
func resourceName(r *finding.Resource) string {
	if r == nil {
		return ""
	}
	s := r.Name
	if r.Kind != "" {
		s = r.Kind + "/" + s
	}
	if r.Namespace != "" {
		s = r.Namespace + "/" + s
	}
	return s
}

func (t tableWriter) render(re *lipgloss.Renderer, headers []string, rows [][]string, sevCol int) string {
	tb := table.New().Border(lipgloss.NormalBorder()).Headers(headers...).Rows(rows...)
	cell := re.NewStyle().Padding(0, 1)
	head := cell.Bold(t.o.color)
	tb = tb.StyleFunc(func(row, col int) lipgloss.Style {
		if row == table.HeaderRow {
			return head
		}
		if col == sevCol && t.o.color && row >= 0 && row < len(rows) {
			if s, err := finding.ParseSeverity(rows[row][col]); err == nil {
				return cell.Foreground(lipgloss.Color(severityColors[s])).Bold(s >= finding.SeverityHigh)
			}
		}
		return cell
	})
	return tb.Render()
}

func where(f finding.Finding) string {
	switch {
	case f.Location != nil && f.Location.StartLine > 0:
		return fmt.Sprintf("%s:%d", f.Location.Path, f.Location.StartLine)
	case f.Location != nil:
		return f.Location.Path
	case f.Resource != nil:
		return resourceName(f.Resource)
	case f.Package != nil:
		return f.Package.Name + " " + f.Package.Version
	}
	return ""
}

// fitLastColumn truncates the last column (titles) so the table fits width:
// each cell has one space of padding on both sides plus one border rune.
func fitLastColumn(headers []string, rows [][]string, width int) {
	n := len(headers)
	widths := make([]int, n)
	for i, h := range headers {
		widths[i] = len([]rune(h))
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	fixed := 1
	for i := 0; i < n-1; i++ {
		fixed += widths[i] + 3
	}
	avail := width - fixed - 3
	if avail < 10 {
		avail = 10
	}
	for _, r := range rows {
		if rs := []rune(r[n-1]); len(rs) > avail {
			r[n-1] = string(rs[:avail-1]) + "…"
		}
	}
}

func sortByPackage(fs []finding.Finding) {
	// Stable, so findings keep their severity order within each package.
	slices.SortStableFunc(fs, func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(a.Package.Name, b.Package.Name), cmp.Compare(a.Package.Version, b.Package.Version), cmp.Compare(a.Package.Path, b.Package.Path))
	})
}

// Severity weights of the risk score that ranks namespaces and workloads:
// a CRITICAL finding counts 10, HIGH 5, MEDIUM 2, LOW 1, UNKNOWN 0.
var riskWeight = map[finding.Severity]int{
	finding.SeverityCritical: 10, finding.SeverityHigh: 5, finding.SeverityMedium: 2, finding.SeverityLow: 1,
}

// RiskScore is the sum of the severity weights of findings.
func RiskScore(fs []finding.Finding) int {
	n := 0
	for _, f := range fs {
		n += riskWeight[f.Severity]
	}
	return n
}

type ranked struct {
	name  string
	score int
	n     int
}

// rank groups findings by key and orders the groups by risk score.
func rank(fs []finding.Finding, key func(finding.Finding) string) []ranked {
	groups := map[string][]finding.Finding{}
	for _, f := range fs {
		if k := key(f); k != "" {
			groups[k] = append(groups[k], f)
		}
	}
	out := make([]ranked, 0, len(groups))
	for k, g := range groups {
		out = append(out, ranked{k, RiskScore(g), len(g)})
	}
	slices.SortFunc(out, func(a, b ranked) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return strings.Compare(a.name, b.name)
	})
	return out
}

// writeCluster prints one cluster: its identity, a summary (severities,
// riskiest namespaces and workloads, what is exposed, what is privileged,
// what could not be assessed), then every finding.
func (t tableWriter) writeCluster(sb *strings.Builder, re *lipgloss.Renderer, res finding.Result) {
	header := "Cluster " + res.Cluster
	var facts []string
	for _, k := range []string{"context", "version", "server"} {
		if v, ok := res.Metadata[k].(string); ok && v != "" && !(k == "context" && v == res.Cluster) {
			facts = append(facts, v)
		}
	}
	if len(facts) > 0 {
		header += " (" + strings.Join(facts, ", ") + ")"
	}
	sb.WriteString(re.NewStyle().Bold(t.o.color).Render(header) + "\n")
	sb.WriteString(strings.Repeat("=", min(len([]rune(header)), t.o.width)) + "\n")
	sb.WriteString(t.summary(re, res.Findings, len(res.Suppressed)) + "\n")
	for _, e := range res.Errors {
		fmt.Fprintf(sb, "error: %s\n", e)
	}
	list := func(title string, items []string, limit int) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(sb, "%s (%d):\n", title, len(items))
		for i, it := range items {
			if i == limit {
				fmt.Fprintf(sb, "  ... and %d more\n", len(items)-limit)
				break
			}
			sb.WriteString("  " + it + "\n")
		}
	}
	top := func(rs []ranked) []string {
		out := make([]string, 0, len(rs))
		for _, r := range rs {
			plural := "s"
			if r.n == 1 {
				plural = ""
			}
			out = append(out, fmt.Sprintf("%s: risk %d, %d finding%s", r.name, r.score, r.n, plural))
		}
		return out
	}
	list("Riskiest namespaces", top(rank(res.Findings, func(f finding.Finding) string {
		if f.Resource == nil {
			return ""
		}
		return f.Resource.Namespace
	})), 5)
	list("Riskiest workloads", top(rank(res.Findings, func(f finding.Finding) string {
		if f.Resource == nil || !workloadKinds[f.Resource.Kind] {
			return ""
		}
		return f.Resource.Namespace + "/" + f.Resource.Kind + "/" + f.Resource.Name
	})), 5)
	list("Exposed outside the cluster", MetadataStrings(res.Metadata["exposed"]), 10)
	list("Privileged workloads", MetadataStrings(res.Metadata["privileged"]), 10)
	if len(res.Findings) == 0 {
		sb.WriteString("No findings.\n")
		return
	}
	headers := []string{"Severity", "ID", "Resource", "Message"}
	rows := make([][]string, 0, len(res.Findings))
	for _, f := range res.Findings {
		msg := f.Message
		if msg == "" {
			msg = f.Title
		}
		rows = append(rows, []string{f.Severity.String(), f.ID, resourceName(f.Resource), msg})
	}
	fitLastColumn(headers, rows, t.o.width)
	sb.WriteString("\n" + t.render(re, headers, rows, 0) + "\n")
}

// workloadKinds are the kinds that run pods.
var workloadKinds = map[string]bool{
	"Pod": true, "Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"ReplicationController": true, "Job": true, "CronJob": true,
}

// MetadataStrings reads a result metadata list, whether built in this
// process ([]string) or decoded from JSON ([]any).
func MetadataStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// benchmarkLine summarises a node result's benchmark checks ("CIS benchmark
// cis-1.10: 52 PASS, 3 FAIL, 9 WARN, 40 not applicable"), "" for others.
func benchmarkLine(res finding.Result) string {
	if res.Kind != finding.KindNode || res.Metadata == nil {
		return ""
	}
	bench, _ := res.Metadata["benchmark"].(string)
	count := func(k string) int {
		switch c := res.Metadata["counts"].(type) {
		case map[string]int:
			return c[k]
		case map[string]any:
			n, _ := c[k].(float64)
			return int(n)
		}
		return 0
	}
	if bench == "" {
		return ""
	}
	return fmt.Sprintf("CIS benchmark %s: %d PASS, %d FAIL, %d WARN, %d not applicable", bench,
		count("PASS"), count("FAIL"), count("WARN"), count("NOT_APPLICABLE"))
}

// writeCompliance adds the --compliance summaries: per framework and
// cluster, the control counts, the pass rate and the failing controls.
func (t tableWriter) writeCompliance(sb *strings.Builder, re *lipgloss.Renderer, r *finding.Report) {
	for _, c := range r.Compliance {
		header := "Compliance: " + c.Framework
		if c.Cluster != "" {
			header += " [" + c.Cluster + "]"
		}
		sb.WriteString("\n" + re.NewStyle().Bold(t.o.color).Render(header) + "\n")
		sb.WriteString(strings.Repeat("=", min(len([]rune(header)), t.o.width)) + "\n")
		fmt.Fprintf(sb, "%d PASS, %d FAIL, %d MANUAL, %d NOT ASSESSED (pass rate %.0f%%)\n",
			c.Counts["PASS"], c.Counts["FAIL"], c.Counts["MANUAL"], c.Counts["NOT ASSESSED"], c.PassRate)
		for _, f := range c.Failing {
			shown := f.Resources
			if len(shown) > 5 {
				shown = append(shown[:5:5], fmt.Sprintf("and %d more", len(f.Resources)-5))
			}
			fmt.Fprintf(sb, "FAIL %s: %s\n", f.ID, strings.Join(shown, ", "))
		}
	}
}
