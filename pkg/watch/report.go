package watch

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/palisadesec/palisade/pkg/baseline"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/report"
)

// maxAlertLine bounds one JSON line of an alerts file.
const maxAlertLine = 1 << 20

// ReadAlerts reads a file of JSON-lines alerts (runtime watch --output).
// On a bad line it returns the alerts read before it and an error naming
// the file and line.
func ReadAlerts(name string) ([]Alert, error) {
	f, err := os.Open(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	return DecodeAlerts(f, name)
}

// DecodeAlerts reads JSON-lines alerts from r; name labels errors.
func DecodeAlerts(r io.Reader, name string) ([]Alert, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxAlertLine)
	var out []Alert
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var a Alert
		if err := json.Unmarshal(b, &a); err != nil {
			return out, fmt.Errorf("%s:%d: not an alert: %v", name, line, err)
		}
		if a.Finding.ID == "" {
			return out, fmt.Errorf("%s:%d: not an alert: no finding id", name, line)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return out, fmt.Errorf("%s:%d: line longer than %d bytes", name, line+1, maxAlertLine)
		}
		return out, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Summarise turns alerts into one runtime result per cluster: each distinct
// alert (rule or model, pod, container and message) once, with how often and
// when it was seen, and per-cluster metadata: nodes, time range, alerts per
// namespace and the outbound connections alerted on.
func Summarise(alerts []Alert) []finding.Result {
	type agg struct {
		f           finding.Finding
		n           int
		first, last time.Time
	}
	type cl struct {
		nodes, namespaces map[string]int
		from, to          time.Time
		findings          map[string]*agg
		conns             map[string]int
		total             int
	}
	clusters := map[string]*cl{}
	for _, a := range alerts {
		c := clusters[a.Cluster]
		if c == nil {
			c = &cl{nodes: map[string]int{}, namespaces: map[string]int{}, findings: map[string]*agg{}, conns: map[string]int{}}
			clusters[a.Cluster] = c
		}
		c.total++
		if a.Node != "" {
			c.nodes[a.Node]++
		}
		ns := a.Namespace
		if ns == "" {
			ns = "(unknown)"
			if a.Host {
				ns = "(host)"
			}
		}
		c.namespaces[ns]++
		if c.from.IsZero() || a.Time.Before(c.from) {
			c.from = a.Time
		}
		if a.Time.After(c.to) {
			c.to = a.Time
		}
		if a.Event.Direction == "outbound" && a.Event.Address != "" {
			c.conns[fmt.Sprintf("%s/%s -> %s:%d/%s", ns, a.Pod, a.Event.Address, a.Event.Port, a.Event.Protocol)]++
		}
		f := a.Finding
		if f.Resource == nil && a.ContainerID != "" {
			f.Resource = &finding.Resource{Kind: "Container", Namespace: a.Namespace, Name: shortContainer(a.ContainerID)}
		}
		key := strings.Join([]string{f.ID, a.Namespace, a.Pod, a.Container, a.ContainerID, f.Message}, "\x00")
		g := c.findings[key]
		if g == nil {
			g = &agg{f: f, first: a.Time, last: a.Time}
			c.findings[key] = g
		}
		g.n++
		if a.Time.Before(g.first) {
			g.first = a.Time
		}
		if a.Time.After(g.last) {
			g.last = a.Time
		}
	}
	names := make([]string, 0, len(clusters))
	for n := range clusters {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]finding.Result, 0, len(names))
	for _, name := range names {
		c := clusters[name]
		target := "runtime"
		if name != "" {
			target = "runtime: " + name
		}
		res := finding.Result{Target: target, Kind: finding.KindRuntime, Cluster: name, Findings: []finding.Finding{}}
		for _, g := range c.findings {
			f := g.f
			if g.n > 1 {
				f.Message = fmt.Sprintf("%s (%d times, %s to %s)", f.Message, g.n, g.first.UTC().Format(time.RFC3339), g.last.UTC().Format(time.RFC3339))
			}
			res.Findings = append(res.Findings, f)
		}
		conns := make([]string, 0, len(c.conns))
		for k := range c.conns {
			conns = append(conns, k)
		}
		sort.Strings(conns)
		res.Metadata = map[string]any{
			"alerts":      c.total,
			"nodes":       sortedKeys(c.nodes),
			"namespaces":  c.namespaces,
			"from":        c.from.UTC().Format(time.RFC3339),
			"to":          c.to.UTC().Format(time.RFC3339),
			"connections": conns,
		}
		out = append(out, res)
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func shortContainer(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// AddLearnedConnections adds to each cluster's runtime result the outbound
// destinations its learned models hold ("ns/repository -> 10.0.0.5:5432/tcp"
// in metadata "connections"): what the workloads were observed to connect
// to, not only what raised alerts. Clusters with models but no alerts get a
// result of their own.
func AddLearnedConnections(results []finding.Result, models []baseline.Model) []finding.Result {
	idx := map[string]int{}
	for i, r := range results {
		idx[r.Cluster] = i
	}
	for _, m := range models {
		outs := m.Behaviors[baseline.KindOutbound]
		if len(outs) == 0 {
			continue
		}
		i, ok := idx[m.Key.Cluster]
		if !ok {
			target := "runtime"
			if m.Key.Cluster != "" {
				target = "runtime: " + m.Key.Cluster
			}
			results = append(results, finding.Result{Target: target, Kind: finding.KindRuntime, Cluster: m.Key.Cluster, Findings: []finding.Finding{}, Metadata: map[string]any{"alerts": 0}})
			i = len(results) - 1
			idx[m.Key.Cluster] = i
		}
		res := &results[i]
		if res.Metadata == nil {
			res.Metadata = map[string]any{}
		}
		seen := map[string]bool{}
		conns := report.MetadataStrings(res.Metadata["connections"])
		for _, c := range conns {
			seen[c] = true
		}
		ns := m.Key.Namespace
		if ns == "" {
			ns = "(unknown)"
		}
		for _, o := range outs {
			c := ns + "/" + m.Key.Repository + " -> " + o
			if !seen[c] {
				seen[c] = true
				conns = append(conns, c)
			}
		}
		sort.Strings(conns)
		res.Metadata["connections"] = conns
	}
	sort.SliceStable(results, func(a, b int) bool { return results[a].Cluster < results[b].Cluster })
	return results
}
