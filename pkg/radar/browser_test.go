package radar

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/testenv"
)

const chromiumPath = "/usr/bin/chromium"

// chromium runs Debian's headless chromium on page with extra flags; the
// flags keep it from reaching for the network, which this machine lacks.
func chromium(t *testing.T, page string, extra ...string) []byte {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		testenv.Skip(t, "%s is missing (apt-get install -y chromium): %v", chromiumPath, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}, extra...)
	args = append(args, "file://"+page)
	cmd := exec.CommandContext(ctx, chromiumPath, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	return stdout.Bytes()
}

func writeFixtureHTML(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := fixtureView(t).HTML(&b); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return page
}

var (
	cardRE = regexp.MustCompile(`<button [^>]*class="card[^"]*"[^>]*>`)
	attrRE = regexp.MustCompile(`\s(data-[a-z]+|class)="([^"]*)"`)
)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = a[2]
	}
	return m
}

// The overview, as the browser holds it after the page's script ran, shows
// every cluster with its severity counts and risk score.
func TestHTMLInBrowser(t *testing.T) {
	dom := string(chromium(t, writeFixtureHTML(t), "--dump-dom"))
	body := regexp.MustCompile(`<body[^>]*>`).FindString(dom)
	if b := attrs(body); b["data-ready"] != "true" || b["data-active"] != "cluster-0" {
		t.Fatalf("the page's script did not run: %s", body)
	}
	if !regexp.MustCompile(`<html[^>]*class="[^"]*\bjs\b`).MatchString(dom) {
		t.Error("script did not switch to tabs")
	}
	v := fixtureView(t)
	cards := cardRE.FindAllString(dom, -1)
	if len(cards) != len(v.Clusters) {
		t.Fatalf("%d cards, want %d:\n%s", len(cards), len(v.Clusters), dom)
	}
	want := map[string]map[string]int{
		"prod":    {"risk": 69, "critical": 3, "high": 6, "medium": 4, "low": 1, "unknown": 0},
		"staging": {"risk": 3, "critical": 0, "high": 0, "medium": 1, "low": 1, "unknown": 1},
		NoCluster: {"risk": 26, "critical": 2, "high": 1, "medium": 0, "low": 1, "unknown": 0},
	}
	for i, card := range cards {
		a := attrs(card)
		w, ok := want[a["data-cluster"]]
		if !ok {
			t.Errorf("card %d: unexpected cluster %q", i, a["data-cluster"])
			continue
		}
		if a["data-cluster"] != v.Clusters[i].Name {
			t.Errorf("card %d is %q, want %q (sorted)", i, a["data-cluster"], v.Clusters[i].Name)
		}
		for k, n := range w {
			if got, _ := strconv.Atoi(a["data-"+k]); got != n || a["data-"+k] == "" {
				t.Errorf("%s: data-%s = %q, want %d", a["data-cluster"], k, a["data-"+k], n)
			}
		}
		if active := regexp.MustCompile(`\bactive\b`).MatchString(a["class"]); active != (i == 0) {
			t.Errorf("card %d active = %v", i, active)
		}
	}
	// The network map drew every runtime connection of prod.
	if n := len(regexp.MustCompile(`<line class="(internal|external|other)"`).FindAllString(dom, -1)); n != 5 {
		t.Errorf("network map has %d edges, want 5", n)
	}
}

// A laptop-sized screenshot is the right size and shows a rendered page,
// not a blank one.
func TestHTMLScreenshot(t *testing.T) {
	page := writeFixtureHTML(t)
	shot := filepath.Join(t.TempDir(), "shot.png")
	chromium(t, page, "--screenshot="+shot, "--window-size=1366,768", "--hide-scrollbars")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decoding screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1366 || b.Dy() != 768 {
		t.Fatalf("screenshot is %dx%d, want 1366x768", b.Dx(), b.Dy())
	}
	colours := map[uint32]bool{}
	for y := 0; y < 300; y++ {
		for x := 0; x < 1366; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|b>>8] = true
		}
	}
	// Header gradient, severity pills and bars and anti-aliased text give
	// hundreds; a blank or unstyled page a handful.
	if len(colours) < 200 {
		t.Errorf("top of the screenshot has %d distinct colours: blank or unstyled page?", len(colours))
	}
	hasSeverityRed := false
	for c := range colours {
		if c == 0xc62828 {
			hasSeverityRed = true
		}
	}
	if !hasSeverityRed {
		t.Error("no CRITICAL red in the overview")
	}
}
