package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/palisadesec/palisade/pkg/iac"
)

// Targets of the config scan (from the issue): 1,000 manifests in <= 1 s on
// 2 cores, memory <= 200 MB.
const (
	configTargetTime = time.Second
	configTargetRSS  = 200e6 // bytes (MB, not MiB)
	configTargetCPUs = 2
)

// benchConfig times `palisade scan config` over the generated corpus
// (WORK/config/manifests and WORK/config/charts). It needs no debootstrap.
func benchConfig(work, bin string, runs int) error {
	dir := filepath.Join(work, "config")
	st, err := writeConfigCorpus(dir)
	if err != nil {
		return fmt.Errorf("config corpus: %w", err)
	}
	manifests, charts := filepath.Join(dir, "manifests"), filepath.Join(dir, "charts")

	// Documents as palisade's loader sees them (the JSON report has findings,
	// not documents); for charts, the rendered objects.
	mDocs, mFiles, mErrs := countDocs(manifests)
	cDocs, cFiles, cErrs := countDocs(charts)
	if mDocs != st.Objects {
		fmt.Fprintf(os.Stderr, "bench: warning: the loader found %d documents in the manifests, the generator wrote %d\n", mDocs, st.Objects)
	}
	mRep, err := configReport(bin, manifests)
	if err != nil {
		return err
	}
	cRep, err := configReport(bin, charts)
	if err != nil {
		return err
	}

	args := func(p string) []string {
		return []string{"scan", "config", "-f", "json", "-o", os.DevNull, p}
	}
	// The target is for 2 cores: GOMAXPROCS=2, and on a larger machine also
	// pinned to two CPUs with taskset.
	two := []string{"GOMAXPROCS=" + fmt.Sprint(configTargetCPUs)}
	twoCmd := append([]string{bin}, args(manifests)...)
	pinned := false
	if runtime.NumCPU() > configTargetCPUs {
		if ts, err := exec.LookPath("taskset"); err == nil {
			twoCmd = append([]string{ts, "-c", fmt.Sprintf("0-%d", configTargetCPUs-1)}, twoCmd...)
			pinned = true
		}
	}
	mAll := measureCmd(runs, nil, bin, args(manifests)...)
	m2 := measureCmd(runs, two, twoCmd[0], twoCmd[1:]...)
	cAll := measureCmd(runs, nil, bin, args(charts)...)
	for _, r := range []cmdResult{mAll, m2, cAll} {
		if r.err != nil {
			return fmt.Errorf("scan config: %w", r.err)
		}
	}

	fmt.Printf("config corpus: %s\n", dir)
	fmt.Printf("  manifests: %d files, %d objects (%d namespaces; %s); loader: %d files, %d documents, %d errors\n",
		st.ManifestFiles, st.Objects, st.Namespaces, kindSummary(st.Kinds), mFiles, mDocs, mErrs)
	fmt.Printf("             report: %s\n", mRep)
	fmt.Printf("  charts:    %d charts (%d files); loader: %d charts rendered, %d documents, %d errors\n", st.Charts, st.ChartFiles, cFiles, cDocs, cErrs)
	fmt.Printf("             report: %s\n", cRep)
	fmt.Printf("median of %d runs (CPU = user+sys of the process; this machine: %d CPUs)\n", runs, runtime.NumCPU())
	fmt.Printf("%-36s %10s %10s %12s %12s\n", "measurement", "time", "CPU", "peak RSS", "objects/s")
	row := func(name string, r cmdResult, objs int) {
		fmt.Printf("%-36s %10s %10s %8.1f MiB %12.0f\n", name, ms(r.t), ms(r.cpu), float64(r.rss)/1024, float64(objs)/r.t.Seconds())
	}
	pin := ""
	if pinned {
		pin = ", taskset"
	}
	row("config: manifests (all CPUs)", mAll, mDocs)
	row(fmt.Sprintf("config: manifests (GOMAXPROCS=%d%s)", configTargetCPUs, pin), m2, mDocs)
	row("config: charts (all CPUs)", cAll, cDocs)
	rss := float64(max(mAll.rss, m2.rss)) * 1024
	fmt.Printf("targets: 1,000 manifests <= 1 s on 2 cores: %s = %.2fx (%s); memory <= 200 MB: %.1f MB = %.2fx (%s)\n",
		ms(m2.t), float64(m2.t)/float64(configTargetTime), verdict(m2.t <= configTargetTime),
		rss/1e6, rss/configTargetRSS, verdict(rss <= configTargetRSS))
	return nil
}

// countDocs loads root as scan config does and counts files with
// documents, documents and load errors.
func countDocs(root string) (docs, files, errs int) {
	for _, f := range iac.Load(context.Background(), []string{root}) {
		if len(f.Docs) > 0 {
			files++
		}
		docs += len(f.Docs)
		errs += len(f.Errors)
		if f.Err != nil {
			errs++
		}
	}
	return docs, files, errs
}

func kindSummary(kinds map[string]int) string {
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if kinds[names[i]] != kinds[names[j]] {
			return kinds[names[i]] > kinds[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s %d", k, kinds[k])
	}
	return strings.Join(parts, ", ")
}

// configReport runs one JSON scan and summarises its report.
func configReport(bin, path string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "scan", "config", "-f", "json", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scan config %s: %w: %s", path, err, tail(stderr.String(), 10))
	}
	var rep struct {
		Results []struct {
			Errors   []string `json:"errors"`
			Findings []struct {
				ID       string `json:"id"`
				Severity string `json:"severity"`
				Resource *struct {
					Kind, Namespace, Name string
				} `json:"resource"`
				Location *struct {
					Path string `json:"path"`
				} `json:"location"`
			} `json:"findings"`
			Suppressed []json.RawMessage `json:"suppressed"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return "", fmt.Errorf("scan config %s: report: %w", path, err)
	}
	var finds, supp, errs int
	sev := map[string]int{}
	rules := map[string]bool{}
	objs := map[string]bool{}
	for _, r := range rep.Results {
		errs += len(r.Errors)
		supp += len(r.Suppressed)
		for _, f := range r.Findings {
			finds++
			sev[f.Severity]++
			rules[f.ID] = true
			if f.Resource != nil {
				loc := ""
				if f.Location != nil {
					loc = f.Location.Path
				}
				objs[loc+"\x00"+f.Resource.Kind+"/"+f.Resource.Namespace+"/"+f.Resource.Name] = true
			}
		}
	}
	if errs > 0 {
		fmt.Fprintf(os.Stderr, "bench: scan config %s reported %d errors:\n%s\n", path, errs, tail(stderr.String(), 5))
	}
	var bySev []string
	for _, s := range []string{"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"} {
		if sev[s] > 0 {
			bySev = append(bySev, fmt.Sprintf("%s %d", s, sev[s]))
		}
	}
	return fmt.Sprintf("%d results, %d findings (%s) from %d rules on %d objects, %d suppressed, %d errors, %.1f MB JSON",
		len(rep.Results), finds, strings.Join(bySev, ", "), len(rules), len(objs), supp, errs, float64(len(out))/1e6), nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

type cmdResult struct {
	t, cpu time.Duration // medians
	rss    int64         // KiB, max over the runs
	err    error
}

// measureCmd runs a command n times with env added to the environment and
// returns the median wall and CPU time and the peak RSS.
func measureCmd(n int, env []string, name string, args ...string) cmdResult {
	var ts, cpus []time.Duration
	var rss int64
	for i := 0; i < n; i++ {
		t, cpu, r, err := runCmd(env, name, args...)
		if err != nil {
			return cmdResult{err: err}
		}
		ts, cpus = append(ts, t), append(cpus, cpu)
		rss = max(rss, r)
	}
	med := func(xs []time.Duration) time.Duration {
		sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
		return xs[len(xs)/2]
	}
	return cmdResult{t: med(ts), cpu: med(cpus), rss: rss}
}

// runCmd runs a command (with env overriding the environment) and returns
// its wall time, CPU time and peak RSS in KiB.
func runCmd(env []string, name string, args ...string) (wall, cpu time.Duration, rss int64, err error) {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = os.Environ()
	if len(env) == 0 {
		cmd.Env = withoutEnv(cmd.Env, "GOMAXPROCS")
	}
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		cmd.Env = append(withoutEnv(cmd.Env, k), kv)
	}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, 0, fmt.Errorf("%s: %w: %s", name, err, tail(stderr.String(), 10))
	}
	wall = time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return wall, cpu, rss, nil
}

func withoutEnv(env []string, key string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}
