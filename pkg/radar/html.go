package radar

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
)

//go:embed radar.html.tmpl
var htmlSource string

var htmlTmpl = template.Must(template.New("radar").Funcs(template.FuncMap{
	"sevs":  sevCells,
	"stack": stack,
	"pct":   func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"rfc":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"n":     func(c Counts, s string) int { sv, _ := finding.ParseSeverity(s); return c[sv] },
	"lower": strings.ToLower,
	"add": func(ns ...int) int {
		t := 0
		for _, n := range ns {
			t += n
		}
		return t
	},
	"frac": func(n, total int, w float64) string { return f1(w * float64(n) / float64(total)) },
}).Parse(htmlSource))

// Limits that keep the HTML file readable, whatever the reports hold.
const (
	htmlNamespaceBars = 12
	netSources        = 40
	netDestinations   = 60
)

type sevCell struct {
	Name, Class string
	N           int
}

func sevCells(c Counts) []sevCell {
	out := make([]sevCell, 0, 5)
	for _, s := range finding.AllSeverities() {
		out = append(out, sevCell{s.String(), strings.ToLower(s.String()), c[s]})
	}
	return out
}

type seg struct {
	X, Y, W string
	Class   string
	Title   string
}

// stack lays out a horizontal stacked bar of width w for the counts,
// scaled so that total findings fill w (total 0: an empty bar).
func stack(c Counts, w float64, total int) []seg { return stackAt(c, w, total, 0, 0) }

func stackAt(c Counts, w float64, total int, x0 float64, y int) []seg {
	if total <= 0 {
		return nil
	}
	var out []seg
	x := x0
	for _, s := range finding.AllSeverities() {
		if c[s] == 0 {
			continue
		}
		sw := w * float64(c[s]) / float64(total)
		out = append(out, seg{f1(x), fmt.Sprint(y), f1(sw), strings.ToLower(s.String()), fmt.Sprintf("%d %s", c[s], s)})
		x += sw
	}
	return out
}

func f1(f float64) string { return fmt.Sprintf("%.1f", f) }

type hbar struct {
	Y, W, TX, TY string
	Label, Class string
	N            int
	Title        string
}

type nsBar struct {
	Y, TY, RX string
	Name      string
	Risk      int
	Segs      []seg
}

type netNode struct {
	X, Y, LX, LY string
	Anchor       string
	Label, Class string
	Title        string
}

type netEdge struct {
	X1, Y1, X2, Y2 string
	Class, Title   string
}

type netMap struct {
	W, H         int
	Sources      []netNode
	Destinations []netNode
	Edges        []netEdge
	Left         int // connections not drawn
}

type htmlCluster struct {
	Cluster
	ID              string
	FixableCritical int
	NodeFails       int
	SevBars         []hbar
	SevH            int
	NSBars          []nsBar
	NSH             int
	Net             *netMap
	TopWorkloads    []rankedWorkload
}

type htmlData struct {
	*View
	Clusters []htmlCluster
}

// HTML writes the view as one self-contained HTML page: inline CSS, script
// and SVG, nothing fetched from the network. Without script every cluster
// is shown one after the other; with it, one at a time as tabs.
func (v *View) HTML(w io.Writer) error {
	d := htmlData{View: v}
	for i, c := range v.Clusters {
		hc := htmlCluster{Cluster: c, ID: fmt.Sprintf("cluster-%d", i), FixableCritical: c.fixableCritical(), NodeFails: c.failingChecks()}
		hc.SevBars, hc.SevH = sevChart(c.Severity)
		hc.NSBars, hc.NSH = nsChart(c.Namespaces)
		hc.Net = buildNet(c.Connections)
		hc.TopWorkloads = topWorkloads(c, 10)
		d.Clusters = append(d.Clusters, hc)
	}
	return htmlTmpl.Execute(w, d)
}

func sevChart(c Counts) ([]hbar, int) {
	const rowH, barW = 26, 260.0
	maxN := 0
	for _, n := range c {
		maxN = max(maxN, n)
	}
	var out []hbar
	for i, s := range finding.AllSeverities() {
		bw := 0.0
		if maxN > 0 {
			bw = barW * float64(c[s]) / float64(maxN)
		}
		y := i*rowH + 4
		out = append(out, hbar{Y: fmt.Sprint(y), W: f1(bw), TX: f1(90 + bw + 6), TY: fmt.Sprint(y + 14),
			Label: s.String(), Class: strings.ToLower(s.String()), N: c[s], Title: fmt.Sprintf("%d %s", c[s], s)})
	}
	return out, len(out)*rowH + 8
}

func nsChart(nss []Namespace) ([]nsBar, int) {
	const rowH, barW = 24, 300.0
	if len(nss) > htmlNamespaceBars {
		nss = nss[:htmlNamespaceBars]
	}
	maxN := 0
	for _, ns := range nss {
		maxN = max(maxN, ns.Findings)
	}
	var out []nsBar
	for i, ns := range nss {
		y := i*rowH + 4
		w := barW
		if maxN > 0 {
			w = barW * float64(ns.Findings) / float64(maxN)
		}
		segs := stackAt(ns.Severity, w, ns.Findings, 170, y)
		out = append(out, nsBar{Y: fmt.Sprint(y), TY: fmt.Sprint(y + 13), RX: f1(170 + w + 6), Name: clip(ns.Name, 26), Risk: ns.RiskScore, Segs: segs})
	}
	return out, len(out)*rowH + 8
}

func clip(s string, n int) string {
	r := []rune(oneLine(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// buildNet lays out the runtime connections: sources (ns/pod) evenly on an
// inner circle, destinations on an outer circle, each near the mean angle
// of the sources that reach it, so that edges mostly point outwards.
func buildNet(edges []Edge) *netMap {
	if len(edges) == 0 {
		return nil
	}
	const W, H = 900, 620
	const cx, cy, r1, r2 = W / 2, H / 2, 130.0, 250.0
	m := &netMap{W: W, H: H}
	var srcs []string
	seen := map[string]bool{}
	for _, e := range edges {
		if !seen[e.From] && len(srcs) < netSources {
			seen[e.From] = true
			srcs = append(srcs, e.From)
		}
	}
	angle := map[string]float64{}
	for i, s := range srcs {
		angle[s] = 2*math.Pi*float64(i)/float64(len(srcs)) - math.Pi/2
	}
	type dest struct {
		name   string
		sx, sy float64
		n      int
	}
	dests := map[string]*dest{}
	var drawn []Edge
	for _, e := range edges {
		a, ok := angle[e.From]
		if !ok {
			m.Left++
			continue
		}
		d := dests[e.To]
		if d == nil {
			if len(dests) >= netDestinations {
				m.Left++
				continue
			}
			d = &dest{name: e.To}
			dests[e.To] = d
		}
		d.sx += math.Cos(a)
		d.sy += math.Sin(a)
		d.n++
		drawn = append(drawn, e)
	}
	ds := make([]*dest, 0, len(dests))
	for _, d := range dests {
		ds = append(ds, d)
	}
	pref := func(d *dest) float64 {
		a := math.Atan2(d.sy, d.sx)
		if d.sx == 0 && d.sy == 0 {
			a = 0
		}
		return math.Round(a*1e6) / 1e6
	}
	slices.SortFunc(ds, func(x, y *dest) int {
		if px, py := pref(x), pref(y); px != py {
			if px < py {
				return -1
			}
			return 1
		}
		return strings.Compare(x.name, y.name)
	})
	dAngle := map[string]float64{}
	if len(ds) > 0 {
		// Spread evenly, starting at the first one's preferred angle.
		start := pref(ds[0])
		for i, d := range ds {
			dAngle[d.name] = start + 2*math.Pi*float64(i)/float64(len(ds))
		}
	}
	pos := func(a, r float64) (float64, float64) { return cx + r*math.Cos(a), cy + r*math.Sin(a) }
	node := func(label, class string, a, r float64) netNode {
		x, y := pos(a, r)
		lx, ly := pos(a, r+12)
		anchor := "start"
		switch c := math.Cos(a); {
		case c < -0.3:
			anchor = "end"
		case c < 0.3:
			anchor = "middle"
			if math.Sin(a) > 0 {
				ly += 8
			}
		}
		return netNode{X: f1(x), Y: f1(y), LX: f1(lx), LY: f1(ly + 4), Anchor: anchor, Label: clip(label, 28), Class: class, Title: label}
	}
	for _, s := range srcs {
		m.Sources = append(m.Sources, node(s, "src", angle[s], r1))
	}
	for _, d := range ds {
		m.Destinations = append(m.Destinations, node(d.name, destClass(d.name), dAngle[d.name], r2))
	}
	for _, e := range drawn {
		x1, y1 := pos(angle[e.From], r1)
		x2, y2 := pos(dAngle[e.To], r2-7)
		title := e.From + " → " + e.To
		if e.Protocol != "" {
			title += "/" + e.Protocol
		}
		m.Edges = append(m.Edges, netEdge{X1: f1(x1), Y1: f1(y1), X2: f1(x2), Y2: f1(y2), Class: destClass(e.To), Title: title})
	}
	return m
}

// destClass tells addresses inside private networks from the internet.
func destClass(to string) string {
	host := to
	if ap, err := netip.ParseAddrPort(to); err == nil {
		host = ap.Addr().String()
	} else if i := strings.LastIndexByte(to, ':'); i > 0 {
		host = strings.Trim(to[:i], "[]")
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return "other"
	}
	if a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() {
		return "internal"
	}
	return "external"
}
