package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/testenv/runc"
)

// BenchmarkRuntimeOverhead runs an exec- and connect-heavy workload in a
// real runc container, without and with `runtime watch` attached, in pairs
// whose order alternates (RUNTIME_BENCH_ROUNDS pairs, default 4, medians
// reported), and
// reports the workload's slowdown, the events the watch handled per second
// while the workload ran, kernel drops and the watch's peak RSS.
// `make bench` (BENCH_ONLY=runtime) runs it.
func BenchmarkRuntimeOverhead(b *testing.B) {
	runc.Require(b)
	execs, connects := envInt("RUNTIME_BENCH_EXECS", 20000), envInt("RUNTIME_BENCH_CONNECTS", 20000)
	rounds := envInt("RUNTIME_BENCH_ROUNDS", 4)
	loadgen := filepath.Join(b.TempDir(), "loadgen")
	build := exec.Command("go", "build", "-o", loadgen, "./testdata/loadgen")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building loadgen: %v: %s", err, out)
	}
	c := runc.StartWith(b, runc.NewID(), "b3c1d2e4-0000-4000-8000-000000000001", map[string]string{"/bin/loadgen": loadgen}, "/bin/sleep", "100000")
	workload := func() (float64, float64) {
		var secs [2]float64
		for i, args := range [][]string{{"exec", strconv.Itoa(execs)}, {"connect", strconv.Itoa(connects)}} {
			out, err := c.Exec(b, append([]string{"/bin/loadgen"}, args...)...)
			if err != nil {
				b.Fatalf("loadgen %v: %v: %s", args, err, out)
			}
			f := strings.Fields(out)
			if len(f) == 0 {
				b.Fatalf("loadgen %v printed nothing", args)
			}
			secs[i], err = strconv.ParseFloat(f[len(f)-1], 64)
			if err != nil {
				b.Fatalf("loadgen %v: %v", args, err)
			}
		}
		return secs[0], secs[1]
	}
	type stats struct {
		Probe        struct{ Events, Drops uint64 }
		PeakRSSBytes int64
		RunRSSBytes  int64
	}
	var base, probed, rates, rss, peak []float64
	var baseExec, baseConn, probedExec, probedConn []float64
	var drops uint64
	b.ResetTimer()
	alone := func() {
		e, n := workload()
		base = append(base, e+n)
		baseExec, baseConn = append(baseExec, e), append(baseConn, n)
	}
	watched := func() {
		dir := b.TempDir()
		statsFile := filepath.Join(dir, "stats.json")
		w := exec.Command(binPath, "runtime", "watch", "--no-kube", "--cri-socket", "none", "--learn", "1h", "--state", dir,
			"--output", filepath.Join(dir, "alerts.jsonl"), "--stats", statsFile)
		logf, err := os.Create(filepath.Join(dir, "watch.log"))
		if err != nil {
			b.Fatal(err)
		}
		w.Stderr = logf
		if err := w.Start(); err != nil {
			b.Fatal(err)
		}
		if !waitLog(filepath.Join(dir, "watch.log"), "probe attached", 30*time.Second) {
			_ = w.Process.Kill()
			log, _ := os.ReadFile(filepath.Join(dir, "watch.log"))
			b.Fatalf("runtime watch did not start:\n%s", log)
		}
		e, n := workload()
		probed = append(probed, e+n)
		probedExec, probedConn = append(probedExec, e), append(probedConn, n)
		_ = w.Process.Signal(os.Interrupt)
		werr := w.Wait()
		logf.Close()
		var st stats
		raw, err := os.ReadFile(statsFile)
		if err != nil || json.Unmarshal(raw, &st) != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "watch.log"))
			b.Fatalf("runtime watch left no stats (%v, %v):\n%s", err, werr, log)
		}
		drops += st.Probe.Drops
		rates = append(rates, float64(st.Probe.Events)/(e+n))
		rss = append(rss, float64(st.RunRSSBytes)/1e6)
		peak = append(peak, float64(st.PeakRSSBytes)/1e6)
	}
	// Which run goes first alternates, so a drift of the machine over the
	// run (caches, other load) does not count for or against the probe.
	for round := 0; round < rounds; round++ {
		if round%2 == 0 {
			alone()
			watched()
		} else {
			watched()
			alone()
		}
	}
	b.StopTimer()
	mb, mp := median(base), median(probed)
	overhead := (mp/mb - 1) * 100
	b.ReportMetric(overhead, "overhead-%")
	b.ReportMetric(median(rates), "events/s")
	b.ReportMetric(float64(drops), "drops")
	b.ReportMetric(median(rss), "RSS-MB")
	b.ReportMetric(0, "ns/op")
	fmt.Printf("runtime watch: workload %d execs + %d connects: %.2f s alone, %.2f s with the probe (overhead %.1f%%, target <= 5%%); %.0f events/s handled, %d dropped; RSS while watching %.1f MB (target <= 60 MB), %.1f MB at start-up; median of %d pairs\n",
		execs, connects, mb, mp, overhead, median(rates), drops, median(rss), median(peak), rounds)
	fmt.Printf("runtime watch: execs %.2f s alone, %.2f s with the probe (%.1f%%); connects %.2f s alone, %.2f s with the probe (%.1f%%), about %.0f events/s in that phase (a connect and an accept per connection)\n",
		median(baseExec), median(probedExec), (median(probedExec)/median(baseExec)-1)*100, median(baseConn), median(probedConn), (median(probedConn)/median(baseConn)-1)*100,
		2*float64(connects)/median(probedConn))
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func waitLog(path, s string, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if b, _ := os.ReadFile(path); strings.Contains(string(b), s) {
			return true
		}
	}
	return false
}
