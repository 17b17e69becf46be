// Command bench measures palisade's image scan against `gzip -dc` over the
// same layers, in one run on this machine: cold scan, warm (cached) rescan and
// peak RSS. It builds a realistic image from a debootstrap'ed Debian root file
// system (one layer) plus a second layer that upgrades some packages.
//
// It then times `scan config` over a generated corpus of 1,000 Kubernetes
// manifest files (5,000 objects) and 50 Helm charts (config.go,
// configcorpus.go). -only image or -only config runs one part.
package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/palisadesec/palisade/pkg/image/imagetest"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

func main() {
	work := flag.String("work", ".cache/bench", "work directory (holds rootfs/ from debootstrap)")
	bin := flag.String("bin", "bin/palisade", "palisade binary")
	runs := flag.Int("runs", 5, "runs per measurement (the median is reported)")
	only := flag.String("only", "", "run only one part: image (image, fs and language image scans; needs the debootstrap root) or config (scan config over generated manifests and Helm charts)")
	flag.Parse()
	if *only != "" && *only != "image" && *only != "config" {
		fmt.Fprintf(os.Stderr, "bench: -only %q: want image or config\n", *only)
		os.Exit(2)
	}
	if *only != "config" {
		if err := run(*work, *bin, *runs); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	if *only != "image" {
		if err := benchConfig(*work, *bin, *runs); err != nil {
			fmt.Fprintln(os.Stderr, "bench: config:", err)
			os.Exit(1)
		}
	}
}

func run(work, bin string, runs int) error {
	rootfs := filepath.Join(work, "rootfs")
	if _, err := os.Stat(filepath.Join(rootfs, "var/lib/dpkg/status")); err != nil {
		return fmt.Errorf("no debootstrap root file system at %s (hack/bench.sh makes it): %w", rootfs, err)
	}
	archive := filepath.Join(work, "image.tar")
	layersDir := filepath.Join(work, "layers")
	if _, err := os.Stat(archive); err != nil {
		fmt.Fprintln(os.Stderr, "building the benchmark image...")
		if err := buildImage(rootfs, archive, layersDir); err != nil {
			return err
		}
	}
	dbDir := filepath.Join(work, "db")
	if err := buildDB(rootfs, dbDir); err != nil {
		return err
	}
	layers, _ := filepath.Glob(filepath.Join(layersDir, "*.tar.gz"))
	sort.Strings(layers)
	var layerBytes int64
	for _, l := range layers {
		st, err := os.Stat(l)
		if err != nil {
			return err
		}
		layerBytes += st.Size()
	}

	gz := measure(runs, func() (time.Duration, int64, error) {
		return timeCmd("sh", "-c", "cat "+strings.Join(layers, " ")+" | gzip -dc > /dev/null")
	})
	cacheDir := filepath.Join(work, "cache")
	scan := []string{"scan", "image", "--input", archive, "--db", dbDir, "--cache-dir", cacheDir, "--format", "json", "--output", os.DevNull}
	cold := measure(runs, func() (time.Duration, int64, error) {
		if err := os.RemoveAll(cacheDir); err != nil {
			return 0, 0, err
		}
		return timeCmd(bin, scan...)
	})
	warm := measure(runs, func() (time.Duration, int64, error) { return timeCmd(bin, scan...) })
	if gz.err != nil || cold.err != nil || warm.err != nil {
		return fmt.Errorf("measuring: %v %v %v", gz.err, cold.err, warm.err)
	}
	out, err := exec.Command(bin, append(scan[:len(scan)-2], "--list-all-pkgs")...).Output()
	if err != nil {
		return fmt.Errorf("final scan: %w", err)
	}
	var rep struct {
		Results []struct {
			Packages []json.RawMessage `json:"packages"`
			Findings []json.RawMessage `json:"findings"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &rep); err != nil || len(rep.Results) != 1 {
		return fmt.Errorf("final scan: unexpected report: %v", err)
	}
	pkgs, finds := len(rep.Results[0].Packages), len(rep.Results[0].Findings)

	fmt.Printf("image: %s (%d layers, %.1f MB compressed), %d packages, %d findings; median of %d runs\n", archive, len(layers), float64(layerBytes)/1e6, pkgs, finds, runs)
	fmt.Printf("%-28s %10s %10s %12s\n", "measurement", "time", "vs gzip", "peak RSS")
	fmt.Printf("%-28s %10s %10s %12s\n", "gzip -dc (reference)", ms(gz.t), "1.00x", "-")
	fmt.Printf("%-28s %10s %9.2fx %9.1f MiB\n", "palisade cold scan", ms(cold.t), float64(cold.t)/float64(gz.t), float64(cold.rss)/1024)
	fmt.Printf("%-28s %10s %9.3fx %9.1f MiB\n", "palisade warm rescan", ms(warm.t), float64(warm.t)/float64(gz.t), float64(warm.rss)/1024)
	fmt.Printf("targets: cold <= 0.90x gzip (%s), warm <= 50ms (%s), peak RSS <= 64 MiB (%s)\n",
		verdict(float64(cold.t)/float64(gz.t) <= 0.9), verdict(warm.t <= 50*time.Millisecond), verdict(max(cold.rss, warm.rss) <= 64*1024))
	if err := benchFS(work, bin, dbDir, runs); err != nil {
		return err
	}
	return benchLangImage(work, bin, dbDir, runs)
}

// benchLangImage times cold and warm scans of an image holding many
// installed language packages: npm packages, Python distributions, gems and
// a real Go binary (this palisade binary), on top of the Debian layers.
func benchLangImage(work, bin, dbDir string, runs int) error {
	archive := filepath.Join(work, "lang-image.tar")
	if _, err := os.Stat(archive); err != nil {
		files := map[string][]byte{}
		for i := 0; i < 3000; i++ {
			files[fmt.Sprintf("app/node_modules/pkg-%04d/package.json", i)] = []byte(fmt.Sprintf(`{"name":"pkg-%04d","version":"1.%d.0","description":"bench"}`, i, i%50))
		}
		for i := 0; i < 1500; i++ {
			files[fmt.Sprintf("usr/lib/python3/site-packages/dist_%04d-2.%d.0.dist-info/METADATA", i, i%20)] = []byte(fmt.Sprintf("Metadata-Version: 2.1\nName: dist-%04d\nVersion: 2.%d.0\n", i, i%20))
		}
		for i := 0; i < 500; i++ {
			files[fmt.Sprintf("usr/local/bundle/specifications/gem%04d-0.%d.gemspec", i, i%9)] = []byte(fmt.Sprintf("Gem::Specification.new do |s|\n  s.name = \"gem%04d\"\n  s.version = \"0.%d\"\nend\n", i, i%9))
		}
		self, err := os.ReadFile(bin)
		if err != nil {
			return err
		}
		files["usr/local/bin/palisade"] = self
		img, err := imagetest.Image("amd64", imagetest.Layer{Files: files})
		if err != nil {
			return err
		}
		if err := imagetest.WriteDockerArchive(archive, "bench.local/lang:1", img); err != nil {
			return err
		}
	}
	cacheDir := filepath.Join(work, "cache-lang")
	args := []string{"scan", "image", "--input", archive, "--db", dbDir, "--cache-dir", cacheDir, "--format", "json", "--output", os.DevNull}
	cold := measure(runs, func() (time.Duration, int64, error) {
		if err := os.RemoveAll(cacheDir); err != nil {
			return 0, 0, err
		}
		return timeCmd(bin, args...)
	})
	warm := measure(runs, func() (time.Duration, int64, error) { return timeCmd(bin, args...) })
	if cold.err != nil || warm.err != nil {
		return fmt.Errorf("language image: %v %v", cold.err, warm.err)
	}
	fmt.Printf("%-28s %10s %10s %9.1f MiB\n", "lang image (5,000 pkgs) cold", ms(cold.t), "-", float64(cold.rss)/1024)
	fmt.Printf("%-28s %10s %10s %9.1f MiB\n", "lang image warm", ms(warm.t), "-", float64(warm.rss)/1024)
	return nil
}

// lockFiles are realistic lock files of every ecosystem scan fs reads,
// written many times over to make a large monorepo-like tree.
var lockFiles = map[string]string{
	"Gemfile.lock":       "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.8)\n    nokogiri (1.15.4-x86_64-linux)\n    rails (7.0.8)\n    puma (6.4.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n\nBUNDLED WITH\n   2.4.10\n",
	"composer.lock":      `{"packages":[{"name":"guzzlehttp/guzzle","version":"7.4.4"},{"name":"symfony/http-kernel","version":"v6.3.0"},{"name":"monolog/monolog","version":"3.4.0"}],"packages-dev":[]}`,
	"packages.lock.json": `{"version":1,"dependencies":{"net8.0":{"Newtonsoft.Json":{"type":"Direct","requested":"[12.0.3, )","resolved":"12.0.3"},"Serilog":{"type":"Transitive","resolved":"3.1.1"}}}}`,
}

// benchFS times scan fs over a tree of 10,000 lock files (target: <= 5 s).
func benchFS(work, bin, dbDir string, runs int) error {
	root := filepath.Join(work, "fstree")
	const n = 10000
	if _, err := os.Stat(filepath.Join(root, "done")); err != nil {
		os.RemoveAll(root)
		names := make([]string, 0, len(lockFiles))
		for k := range lockFiles {
			names = append(names, k)
		}
		sort.Strings(names)
		for i := 0; i < n; i++ {
			dir := filepath.Join(root, fmt.Sprintf("svc%02d", i%100), fmt.Sprintf("app%04d", i))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			name := names[i%len(names)]
			if err := os.WriteFile(filepath.Join(dir, name), []byte(lockFiles[name]), 0o644); err != nil {
				return err
			}
			// Source files the walk must pass over.
			if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(root, "done"), nil, 0o644); err != nil {
			return err
		}
	}
	// The bench DB holds no language advisories: every lookup still runs.
	fx := measure(runs, func() (time.Duration, int64, error) {
		return timeCmd(bin, "scan", "fs", root, "--db", dbDir, "--format", "json", "--output", os.DevNull)
	})
	if fx.err != nil {
		return fx.err
	}
	fmt.Printf("%-28s %10s %10s %9.1f MiB\n", "scan fs, 10,000 lock files", ms(fx.t), "-", float64(fx.rss)/1024)
	fmt.Printf("target: scan fs over 10,000 lock files <= 5 s (%s)\n", verdict(fx.t <= 5*time.Second))
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond)) }

type result struct {
	t   time.Duration
	rss int64 // KiB
	err error
}

func measure(n int, f func() (time.Duration, int64, error)) result {
	var ts []time.Duration
	var rss int64
	for i := 0; i < n; i++ {
		t, r, err := f()
		if err != nil {
			return result{err: err}
		}
		ts = append(ts, t)
		rss = max(rss, r)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return result{t: ts[len(ts)/2], rss: rss}
}

// timeCmd runs a command and returns its wall time and peak RSS in KiB.
func timeCmd(name string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", name, err)
	}
	d := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return d, rss, nil
}

// buildImage packs the root file system as layer one and an upgrade of some
// packages (a rewritten dpkg status plus new files) as layer two.
func buildImage(rootfs, archive, layersDir string) error {
	base, err := tarDir(rootfs)
	if err != nil {
		return err
	}
	status, err := os.ReadFile(filepath.Join(rootfs, "var/lib/dpkg/status"))
	if err != nil {
		return err
	}
	upgraded, n := upgrade(status, 12)
	upgradeLayer := imagetest.Layer{Files: map[string][]byte{"var/lib/dpkg/status": upgraded}}
	for i := 0; i < n; i++ {
		upgradeLayer.Files[fmt.Sprintf("usr/lib/x86_64-linux-gnu/upgraded-%d.so", i)] = bytes.Repeat([]byte{byte(i)}, 64<<10)
	}
	img, err := imagetest.ImageFromTars("amd64", base, mustTar(upgradeLayer))
	if err != nil {
		return err
	}
	if err := imagetest.WriteDockerArchive(archive, "bench.local/debian:bookworm", img); err != nil {
		return err
	}
	ls, err := img.Layers()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(layersDir, 0o755); err != nil {
		return err
	}
	for i, l := range ls {
		rc, err := l.Compressed()
		if err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(layersDir, fmt.Sprintf("%02d.tar.gz", i)))
		if err != nil {
			return err
		}
		_, err = io.Copy(f, rc)
		rc.Close()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func mustTar(l imagetest.Layer) []byte {
	b, err := l.Tar()
	if err != nil {
		panic(err)
	}
	return b
}

var versionRE = regexp.MustCompile(`(?m)^Version: (.*)$`)

// upgrade bumps the version of the first n packages, as an apt upgrade would.
func upgrade(status []byte, n int) ([]byte, int) {
	stanzas := bytes.Split(status, []byte("\n\n"))
	done := 0
	for i, s := range stanzas {
		if done == n {
			break
		}
		if m := versionRE.FindSubmatch(s); m != nil {
			stanzas[i] = versionRE.ReplaceAll(s, []byte("Version: ${1}+bench1"))
			done++
		}
	}
	return bytes.Join(stanzas, []byte("\n\n")), done
}

func tarDir(root string) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		link := ""
		if info.Mode()&os.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		if !info.Mode().IsRegular() && !info.IsDir() && info.Mode()&os.ModeSymlink == 0 {
			return nil // devices and sockets carry no package data
		}
		h, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		h.Name = filepath.ToSlash(rel)
		if info.IsDir() {
			h.Name += "/"
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			_, err = io.Copy(tw, f)
			f.Close()
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var pkgRE = regexp.MustCompile(`(?m)^Package: (.*)$`)
var srcRE = regexp.MustCompile(`(?m)^Source: (\S+)`)

// buildDB writes a fixture DB with advisories for every source package of
// the root file system, so matching does real work: half fixed in a newer
// version (hits), half fixed long ago (misses), some unfixed.
func buildDB(rootfs, dir string) error {
	status, err := os.ReadFile(filepath.Join(rootfs, "var/lib/dpkg/status"))
	if err != nil {
		return err
	}
	srcs := map[string]bool{}
	for _, s := range bytes.Split(status, []byte("\n\n")) {
		if m := srcRE.FindSubmatch(s); m != nil {
			srcs[string(m[1])] = true
		} else if m := pkgRE.FindSubmatch(s); m != nil {
			srcs[string(m[1])] = true
		}
	}
	var names []string
	for s := range srcs {
		names = append(names, s)
	}
	sort.Strings(names)
	var y strings.Builder
	y.WriteString("nextUpdate: 8760h\ndataSources:\n  \"debian 12\": {id: debian, name: Debian Security Tracker, url: https://salsa.debian.org/security-tracker-team/security-tracker}\nvulnerabilities:\n")
	for i, n := range names {
		for j := 0; j < 4; j++ {
			fmt.Fprintf(&y, "  CVE-2099-%05d:\n    title: bench vulnerability %d in %s\n    vendorSeverity: {debian: %s, nvd: HIGH}\n", i*4+j, j, n, []string{"LOW", "MEDIUM", "HIGH", "CRITICAL"}[j])
		}
	}
	y.WriteString("advisories:\n")
	for i, n := range names {
		fixed := []string{"99:1.0", "0:0.1", "", "99:2.0"}
		for j := 0; j < 4; j++ {
			fmt.Fprintf(&y, "  - {bucket: \"debian 12\", package: %q, id: CVE-2099-%05d, fixedVersion: %q}\n", n, i*4+j, fixed[j])
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return vulndb.BuildFixture(dir, []byte(y.String()), time.Now())
}
