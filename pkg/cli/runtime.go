package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/client-go/kubernetes"

	"github.com/palisadesec/palisade/pkg/baseline"
	"github.com/palisadesec/palisade/pkg/enrich"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/k8s"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/probe"
	"github.com/palisadesec/palisade/pkg/version"
	"github.com/palisadesec/palisade/pkg/watch"
)

const defaultStateDir = "/var/lib/palisade/runtime"

func newRuntimeCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "runtime",
		Short: "Watch a node's containers with an eBPF probe, learn their behaviour and alert",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newRuntimeWatchCmd(s), newRuntimeModelsCmd(s), newRuntimeReportCmd(s))
	return cmd
}

// RuntimeWatchOptions are the flags of `runtime watch`.
type RuntimeWatchOptions struct {
	rulesOptions
	Cluster     string
	Kubeconfig  string
	Context     string
	InCluster   bool
	NoKube      bool
	NodeName    string
	CRISocket   string
	Learn       time.Duration
	Trial       time.Duration
	TrialLimit  int
	StateDir    string
	Host        bool
	Prefixes    []string
	NoDefaults  bool
	Format      string
	Output      string
	Duration    time.Duration
	Repeat      time.Duration
	StatsFile   string
	ProcRoot    string
	RingBufSize int
}

func newRuntimeWatchCmd(s Streams) *cobra.Command {
	o := &RuntimeWatchOptions{}
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Run the eBPF probe on this node and stream alerts",
		Long: `Loads Palisade's eBPF probe (Linux, root or CAP_BPF+CAP_PERFMON, kernel BTF),
ties each container event to its pod through the Kubernetes API (pods on this
node, watched) or a CRI socket, learns per (cluster, namespace, image) what
containers normally do, and streams alerts: built-in and custom runtime rules,
and deviations from learned models. Alerts are table rows on a terminal and
JSON lines otherwise; runs until interrupted or --duration.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRuntimeWatch(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	o.rulesOptions.addFlags(cmd)
	f.StringVar(&o.Cluster, "cluster", "", "cluster name on alerts and model keys (default: the kubeconfig context's name)")
	f.StringVar(&o.Kubeconfig, "kubeconfig", "", "kubeconfig file (default: KUBECONFIG or ~/.kube/config)")
	f.StringVar(&o.Context, "context", "", "kubeconfig context (default: the current context)")
	f.BoolVar(&o.InCluster, "in-cluster", false, "use the pod's service account (in a DaemonSet)")
	f.BoolVar(&o.NoKube, "no-kube", false, "do not contact the Kubernetes API: alerts carry container IDs, and the CRI socket if any")
	f.StringVar(&o.NodeName, "node-name", "", "this node's name, to watch only its pods (default: $NODE_NAME, else the host name)")
	f.StringVar(&o.CRISocket, "cri-socket", "", "CRI runtime socket to ask about containers (default: the first of containerd's, CRI-O's or cri-dockerd's that exists; \"none\" to disable)")
	f.DurationVar(&o.Learn, "learn", time.Hour, "how long a model learns, in its containers' active time, before deviations alert (0 disables models)")
	f.DurationVar(&o.Trial, "trial", 0, "how long a newly active model is on trial: too many deviations send it back to learning (default: --learn/4)")
	f.IntVar(&o.TrialLimit, "trial-limit", 3, "distinct deviations during the trial that send a model back to learning")
	f.StringVar(&o.StateDir, "state", defaultStateDir, "directory of the model store")
	f.BoolVar(&o.Host, "host", false, "also watch host processes (not in a container)")
	f.StringArrayVar(&o.Prefixes, "watch-file", nil, "file prefix to watch besides the defaults: PATH (all opens), w:PATH (writes only), -:PATH (exclude) (repeatable)")
	f.BoolVar(&o.NoDefaults, "no-default-files", false, "watch only the --watch-file prefixes, not the default sensitive files")
	f.StringVar(&o.Format, "format", "auto", "alert format: auto (table on a terminal, else json), table, json (JSON lines)")
	f.StringVarP(&o.Output, "output", "o", "", "append alerts as JSON lines to this file instead of stdout")
	f.DurationVar(&o.Duration, "duration", 0, "stop after this long (default: run until interrupted)")
	f.DurationVar(&o.Repeat, "repeat", 10*time.Minute, "an identical alert for the same container is raised at most once per this period")
	f.StringVar(&o.StatsFile, "stats", "", "write the run's counters (events, drops, alerts, peak memory) as JSON to this file at exit")
	f.StringVar(&o.ProcRoot, "proc-root", "/proc", "the host's /proc (where the node agent mounts it)")
	f.IntVar(&o.RingBufSize, "ring-buffer", 8<<20, "kernel ring buffer size in bytes (a power of two)")
	return cmd
}

// watchStats is what --stats writes and the exit line says.
type watchStats struct {
	Seconds      float64     `json:"seconds"`
	Probe        probe.Stats `json:"probe"`
	Watch        watch.Stats `json:"watch"`
	EventsPerSec float64     `json:"eventsPerSecond"`
	PeakRSSBytes int64       `json:"peakRSSBytes"`
	// RunRSSBytes is the largest resident size sampled while watching,
	// after start-up (peakRSSBytes includes loading the probe and rules).
	RunRSSBytes  int64          `json:"runRSSBytes"`
	Models       map[string]int `json:"models,omitempty"`
	DecodeErrors uint64         `json:"decodeErrors"`
}

func runRuntimeWatch(ctx context.Context, s Streams, o *RuntimeWatchOptions) error {
	switch o.Format {
	case "auto", "table", "json":
	default:
		return fmt.Errorf("--format %q: want auto, table or json", o.Format)
	}
	if o.Learn < 0 || o.Trial < 0 || o.TrialLimit < 1 {
		return errors.New("--learn and --trial must not be negative and --trial-limit must be at least 1")
	}
	var prefixes []probe.Prefix
	if !o.NoDefaults {
		prefixes = append(prefixes, probe.DefaultPrefixes...)
	}
	for _, p := range o.Prefixes {
		pr, err := probe.ParsePrefix(p)
		if err != nil {
			return fmt.Errorf("--watch-file: %w", err)
		}
		prefixes = append(prefixes, pr)
	}
	if len(prefixes) == 0 {
		// an empty list would mean the defaults to the probe
		prefixes = []probe.Prefix{{Path: "/", Watch: probe.Skip}}
	}
	node := o.NodeName
	if node == "" {
		node = os.Getenv("NODE_NAME")
	}
	if node == "" {
		node, _ = os.Hostname()
	}

	// Rules first: a broken custom rule is a usage error before the probe loads.
	src, err := o.sources()
	if err != nil {
		return err
	}
	src[0].FS = runtimeRulesFS{src[0].FS}
	eng, err := policy.Load(ctx, src)
	if err != nil {
		return err
	}
	rules := policy.NewRuntimeEvaluator(eng)

	// The Kubernetes API, when there is one: its failure is a warning, not
	// the end of the watch (alerts then carry what is known).
	cluster := o.Cluster
	var pods *enrich.PodIndex
	if !o.NoKube {
		targets, err := k8s.Targets(k8s.KubeconfigOptions{Kubeconfig: o.Kubeconfig, Contexts: nonEmpty(o.Context), InCluster: o.InCluster})
		switch {
		case err != nil:
			fmt.Fprintf(s.Err, "palisade: runtime watch: no Kubernetes API (%s); alerts carry container IDs only\n", oneLine(err))
		case targets[0].Err != nil:
			fmt.Fprintf(s.Err, "palisade: runtime watch: no Kubernetes API (%s); alerts carry container IDs only\n", oneLine(targets[0].Err))
		default:
			t := targets[0]
			if cluster == "" {
				cluster = t.Name
			}
			client, err := kubernetes.NewForConfig(t.Config)
			if err != nil {
				return fmt.Errorf("kubernetes client: %w", err)
			}
			pods = enrich.NewPodIndex(client, cluster, node)
		}
	}
	var cri *enrich.CRIIndex
	if o.CRISocket != "none" {
		sock := o.CRISocket
		if sock == "" {
			for _, c := range enrich.DefaultCRISockets() {
				if _, err := os.Stat(c); err == nil {
					sock = c
					break
				}
			}
		}
		if sock != "" {
			if cri, err = enrich.NewCRIIndex(sock, cluster, node); err != nil {
				return fmt.Errorf("--cri-socket: %w", err)
			}
			defer cri.Close()
		}
	}

	var models *baseline.Baseline
	if o.Learn > 0 {
		opts := []baseline.Option{baseline.WithLearn(o.Learn), baseline.WithTrialLimit(o.TrialLimit)}
		if o.Trial > 0 {
			opts = append(opts, baseline.WithTrial(o.Trial))
		}
		models, err = baseline.Open(o.StateDir, opts...)
		if err != nil {
			return fmt.Errorf("model store: %w", err)
		}
		defer models.Close()
		if p := models.SetAside(); p != "" {
			fmt.Fprintf(s.Err, "palisade: runtime watch: the model store was corrupt (%s); it was moved to %s and models start afresh\n", oneLine(models.SetAsideReason()), p)
		}
	}

	out, closeOut, err := alertWriter(s, o)
	if err != nil {
		return err
	}
	defer closeOut()

	pr, err := probe.Load(probe.Options{Host: o.Host, Prefixes: prefixes, RingBufferSize: o.RingBufSize})
	if err != nil {
		return err
	}
	defer pr.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if o.Duration > 0 {
		ctx, cancel = context.WithTimeout(ctx, o.Duration)
		defer cancel()
	}
	if pods != nil {
		go func() { _ = pods.Run(ctx) }()
		wait, cancelWait := context.WithTimeout(ctx, 10*time.Second)
		if !pods.WaitSynced(wait) {
			msg := "not synced yet"
			if err := pods.Err(); err != nil {
				msg = oneLine(err)
			}
			fmt.Fprintf(s.Err, "palisade: runtime watch: pods of node %s not listed (%s); alerts carry what is known until they are\n", node, msg)
		}
		cancelWait()
	}
	w := watch.New(watch.Config{
		Cluster: cluster, Node: node, Resolver: enrich.NewResolver(cluster, node, pods, cri),
		Models: models, Rules: rules, Host: o.Host, ProcRoot: o.ProcRoot, Repeat: o.Repeat,
		OnModelState: func(key baseline.Key, from, to baseline.State) {
			if from == "" {
				fmt.Fprintf(s.Err, "palisade: runtime watch: model %s: %s\n", key, to)
				return
			}
			fmt.Fprintf(s.Err, "palisade: runtime watch: model %s: %s -> %s\n", key, from, to)
		},
	})
	w.Seed(ctx)
	watch.ReleaseStartupMemory()
	fmt.Fprintf(s.Err, "palisade: runtime watch: probe attached on node %s (cluster %q); learning %s\n", node, cluster, learnText(o.Learn))

	start := time.Now()
	var decodeErrs uint64
	var runRSS int64
	nextTick, nextFlush := start.Add(2*time.Second), start.Add(10*time.Second)
	pr.SetDeadline(nextTick)
	for ctx.Err() == nil {
		ev, err := pr.Read()
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				now := time.Now()
				w.Tick(ctx, now)
				runRSS = max(runRSS, watch.ResidentBytes())
				if models != nil && now.After(nextFlush) {
					if err := models.Flush(); err != nil {
						fmt.Fprintf(s.Err, "palisade: runtime watch: saving models: %s\n", oneLine(err))
					}
					nextFlush = now.Add(10 * time.Second)
				}
				nextTick = now.Add(2 * time.Second)
				pr.SetDeadline(nextTick)
				continue
			}
			if errors.Is(err, probe.ErrClosed) {
				break
			}
			decodeErrs++
			continue
		}
		for _, a := range w.Handle(ctx, ev) {
			if err := out(a); err != nil {
				return fmt.Errorf("writing alerts: %w", err)
			}
		}
		if time.Now().After(nextTick) {
			pr.SetDeadline(time.Now()) // tick on the next Read
		}
	}
	runRSS = max(runRSS, watch.ResidentBytes())
	st := watchStats{Seconds: time.Since(start).Seconds(), Probe: pr.Stats(), Watch: w.Stats(), PeakRSSBytes: peakRSS(), RunRSSBytes: runRSS, DecodeErrors: decodeErrs}
	if st.Seconds > 0 {
		st.EventsPerSec = float64(st.Probe.Events) / st.Seconds
	}
	if models != nil {
		if err := models.Flush(); err != nil {
			return fmt.Errorf("saving models: %w", err)
		}
		st.Models = map[string]int{}
		for _, m := range models.Models() {
			st.Models[string(m.State)]++
		}
	}
	fmt.Fprintf(s.Err, "palisade: runtime watch: %d events in %.0fs (%.0f/s), %d dropped by the kernel, %d alerts (%d repeats suppressed), memory %d MiB while watching (%d MiB at start-up)\n",
		st.Probe.Events, st.Seconds, st.EventsPerSec, st.Probe.Drops, st.Watch.Alerts, st.Watch.Repeated, st.RunRSSBytes>>20, st.PeakRSSBytes>>20)
	if st.Watch.RuleErrors > 0 {
		fmt.Fprintf(s.Err, "palisade: runtime watch: %d rule evaluations failed, last: %s\n", st.Watch.RuleErrors, oneLine(errors.New(st.Watch.LastRuleError)))
	}
	if o.StatsFile != "" {
		b, _ := json.MarshalIndent(st, "", "  ")
		if err := os.WriteFile(o.StatsFile, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("--stats: %w", err)
		}
	}
	if st.Probe.Drops > 0 {
		return fmt.Errorf("the kernel dropped %d events (ring buffer full): raise --ring-buffer", st.Probe.Drops)
	}
	return nil
}

func learnText(d time.Duration) string {
	if d == 0 {
		return "off (rules only)"
	}
	return d.String() + " of each model's active time"
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return int64(ru.Maxrss) * 1024
}

// alertWriter streams alerts: JSON lines to --output or a non-terminal
// stdout, table rows to a terminal.
func alertWriter(s Streams, o *RuntimeWatchOptions) (func(watch.Alert) error, func(), error) {
	var w io.Writer = s.Out
	closer := func() {}
	format := o.Format
	if o.Output != "" {
		if err := os.MkdirAll(filepath.Dir(o.Output), 0o755); err != nil {
			return nil, nil, fmt.Errorf("--output: %w", err)
		}
		f, err := os.OpenFile(o.Output, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("--output: %w", err)
		}
		w, closer = f, func() { f.Close() }
		if format == "auto" {
			format = "json"
		}
	}
	if format == "auto" {
		format = "json"
		if isTerminal(s.Out) {
			format = "table"
		}
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		return func(a watch.Alert) error { return enc.Encode(a) }, closer, nil
	}
	header := false
	return func(a watch.Alert) error {
		if !header {
			fmt.Fprintf(w, "%-8s  %-8s  %-12s  %-32s  %-10s  %s\n", "TIME", "SEVERITY", "CLUSTER", "NAMESPACE/POD (CONTAINER)", "ID", "WHAT")
			header = true
		}
		where := a.Namespace + "/" + a.Pod
		if a.Pod == "" {
			where = shortID(a.ContainerID)
			if a.Host {
				where = "host"
			}
		}
		if a.Container != "" {
			where += " (" + a.Container + ")"
		}
		_, err := fmt.Fprintf(w, "%-8s  %-8s  %-12s  %-32s  %-10s  %s\n", a.Time.Local().Format("15:04:05"), a.Finding.Severity,
			a.Cluster, where, a.Finding.ID, oneLine(errors.New(a.Finding.Message)))
		return err
	}, closer, nil
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// RuntimeModelsOptions are the flags of `runtime models`.
type RuntimeModelsOptions struct {
	StateDir string
	Cluster  string
	Replace  bool
	Output   string
	JSON     bool
}

func newRuntimeModelsCmd(s Streams) *cobra.Command {
	o := &RuntimeModelsOptions{}
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List, show, export, import and delete learned behaviour models",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.PersistentFlags().StringVar(&o.StateDir, "state", defaultStateDir, "directory of the model store")
	open := func(f func(*baseline.Baseline) error) error { return withModels(s, o, f) }
	// openModel finds the model KEY names (or a unique part of it).
	openModel := func(key string, f func(*baseline.Baseline, baseline.Model) error) error {
		return open(func(b *baseline.Baseline) error {
			m, err := findModel(b, key)
			if err != nil {
				return err
			}
			return f(b, m)
		})
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the models: key, state, learned time and behaviours",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return open(func(b *baseline.Baseline) error { return listModels(s, o, b) })
		},
	}
	list.Flags().StringVar(&o.Cluster, "cluster", "", "only models of this cluster")
	list.Flags().BoolVar(&o.JSON, "json", false, "print JSON instead of a table")
	show := &cobra.Command{
		Use:   "show KEY",
		Short: "Show one model (KEY as listed, or a unique part of it) as JSON",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return openModel(args[0], func(_ *baseline.Baseline, m baseline.Model) error {
				enc := json.NewEncoder(s.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(m)
			})
		},
	}
	export := &cobra.Command{
		Use:   "export",
		Short: "Export models as JSON (to import on another node of the same cluster)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return open(func(b *baseline.Baseline) error {
				w, done, err := createOutput(s, o.Output)
				if err != nil {
					return err
				}
				if err := b.Export(w, func(k baseline.Key) bool { return o.Cluster == "" || k.Cluster == o.Cluster }); err != nil {
					return err
				}
				return done()
			})
		},
	}
	export.Flags().StringVar(&o.Cluster, "cluster", "", "only models of this cluster")
	export.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file instead of stdout")
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "Import exported models (merged with those here unless --replace); - reads stdin",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return open(func(b *baseline.Baseline) error {
				var r io.Reader = s.In
				if args[0] != "-" {
					f, err := os.Open(args[0])
					if err != nil {
						return fmt.Errorf("import: %w", unwrapPath(err))
					}
					defer f.Close()
					r = f
				}
				n, err := b.Import(r, baseline.ImportOptions{Cluster: o.Cluster, Replace: o.Replace})
				if err != nil {
					return fmt.Errorf("import %s: %w", args[0], err)
				}
				fmt.Fprintf(s.Err, "palisade: imported %d models into %s\n", n, o.StateDir)
				return nil
			})
		},
	}
	imp.Flags().StringVar(&o.Cluster, "cluster", "", "file the imported models under this cluster name")
	imp.Flags().BoolVar(&o.Replace, "replace", false, "replace models that exist here instead of merging their behaviours")
	del := &cobra.Command{
		Use:   "delete KEY",
		Short: "Delete a model (KEY as listed, or a unique part of it): it learns afresh",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return openModel(args[0], func(b *baseline.Baseline, m baseline.Model) error {
				if _, err := b.Delete(m.Key); err != nil {
					return err
				}
				fmt.Fprintf(s.Err, "palisade: deleted model %s\n", m.Key)
				return nil
			})
		},
	}
	cmd.AddCommand(list, show, export, imp, del)
	return cmd
}

func withModels(s Streams, o *RuntimeModelsOptions, f func(*baseline.Baseline) error) error {
	b, err := baseline.Open(o.StateDir)
	if err != nil {
		return fmt.Errorf("model store: %w", err)
	}
	if p := b.SetAside(); p != "" {
		fmt.Fprintf(s.Err, "palisade: the model store was corrupt (%s); it was moved to %s and a new one started\n", oneLine(b.SetAsideReason()), p)
	}
	if err := f(b); err != nil {
		b.Close()
		return err
	}
	return b.Close()
}

func findModel(b *baseline.Baseline, key string) (baseline.Model, error) {
	var found []baseline.Model
	for _, m := range b.Models() {
		k := m.Key.String()
		if k == key {
			return m, nil
		}
		if strings.Contains(k, key) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 0:
		return baseline.Model{}, fmt.Errorf("no model matches %q", key)
	case 1:
		return found[0], nil
	}
	return baseline.Model{}, fmt.Errorf("%d models match %q; give more of the key", len(found), key)
}

func listModels(s Streams, o *RuntimeModelsOptions, b *baseline.Baseline) error {
	var ms []baseline.Model
	for _, m := range b.Models() {
		if o.Cluster == "" || m.Key.Cluster == o.Cluster {
			ms = append(ms, m)
		}
	}
	if o.JSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		if ms == nil {
			ms = []baseline.Model{}
		}
		return enc.Encode(ms)
	}
	if len(ms) == 0 {
		fmt.Fprintln(s.Err, "palisade: no models in", o.StateDir)
		return nil
	}
	fmt.Fprintf(s.Out, "%-60s  %-8s  %-10s  %5s  %5s  %5s  %5s\n", "MODEL", "STATE", "ACTIVE", "PROC", "OUT", "LISTEN", "FILES")
	for _, m := range ms {
		fmt.Fprintf(s.Out, "%-60s  %-8s  %-10s  %5d  %5d  %5d  %5d\n", m.Key, m.State, m.ActiveTime.Round(time.Second),
			len(m.Behaviors[baseline.KindProcess]), len(m.Behaviors[baseline.KindOutbound]), len(m.Behaviors[baseline.KindListen]), len(m.Behaviors[baseline.KindFile]))
	}
	return nil
}

func createOutput(s Streams, path string) (io.Writer, func() error, error) {
	if path == "" {
		return s.Out, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--output: %w", unwrapPath(err))
	}
	return f, f.Close, nil
}

// RuntimeReportOptions are the flags of `runtime report`.
type RuntimeReportOptions struct {
	outputOptions
	StateDir string
}

func newRuntimeReportCmd(s Streams) *cobra.Command {
	o := &RuntimeReportOptions{}
	cmd := &cobra.Command{
		Use:   "report ALERTS.jsonl...",
		Short: "Summarise the alerts of runtime watch runs per cluster (table, JSON, SARIF)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRuntimeReport(s, o, args)
		},
	}
	o.outputOptions.addFlags(cmd)
	cmd.Flags().StringVar(&o.StateDir, "state", "", "also list the outbound connections the models in this store learned, per cluster (default: alerts only)")
	return cmd
}

func runRuntimeReport(s Streams, o *RuntimeReportOptions, files []string) error {
	if err := o.validate(); err != nil {
		return err
	}
	var alerts []watch.Alert
	var errs []error
	for _, f := range files {
		as, err := watch.ReadAlerts(f)
		if err != nil {
			errs = append(errs, err)
		}
		alerts = append(alerts, as...)
	}
	now := time.Now().UTC()
	ver, _, _ := version.Info()
	rep := finding.New(ver, now)
	rep.Results = watch.Summarise(alerts)
	if o.StateDir != "" {
		b, err := baseline.Open(o.StateDir)
		if err != nil {
			return fmt.Errorf("--state: %w", err)
		}
		rep.Results = watch.AddLearnedConnections(rep.Results, b.Models())
		if err := b.Close(); err != nil {
			return fmt.Errorf("--state: %w", err)
		}
	}
	return o.finish(s, rep, errs, now)
}
