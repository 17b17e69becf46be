package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/cache"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/image"
	"github.com/palisadesec/palisade/pkg/k8s"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/version"
)

// ScanClusterOptions are the flags of `palisade scan cluster`.
type ScanClusterOptions struct {
	outputOptions
	rulesOptions
	trustOptions
	dbOptions
	ScanImages       bool
	ImageParallel    int
	Insecure         bool
	Kubeconfig       string
	Contexts         []string
	AllContexts      bool
	InCluster        bool
	ClusterNames     []string
	ParallelClusters int
	RequestTimeout   time.Duration
	PageSize         int64
	Timeout          time.Duration
	now              func() time.Time
}

func newScanClusterCmd(s Streams) *cobra.Command {
	o := &ScanClusterOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Check live Kubernetes clusters (workloads, RBAC, network policies) through kubeconfig contexts",
		Long: `Read one or more live clusters through kubeconfig contexts, list-only and
read-only, and check their objects against the same bundled rules as
scan config (plus any --rules). Every result names its cluster: one result
per cluster, with the cluster's identity (kube-system UID, version, API
endpoint) in its metadata; two contexts that reach the same cluster are
scanned once.

Pods and ReplicaSets run by a controller are judged through it: a risky
Deployment gives one finding, not one per pod. Resources the credentials
may not list are reported as not assessed, with the reason, never as
passing. Clusters are scanned concurrently; one that is unreachable or
refuses the credentials is reported and the others still complete (the
exit code is then 2, after the report is written).

The kubeconfig is found as kubectl finds it: --kubeconfig, else KUBECONFIG
(several files are merged), else ~/.kube/config; without --context the
current context is scanned.`,
		Example: `  palisade scan cluster
  palisade scan cluster --context dev --context prod
  palisade scan cluster --all-contexts --format json --output clusters.json
  palisade scan cluster --context prod-eu --cluster-name prod-eu=production --fail-on HIGH`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScanCluster(cmd.Context(), s, o)
		},
	}
	o.outputOptions.addFlags(cmd)
	o.rulesOptions.addFlags(cmd)
	o.trustOptions.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.Kubeconfig, "kubeconfig", "", "kubeconfig file (default: KUBECONFIG, else ~/.kube/config)")
	f.StringArrayVar(&o.Contexts, "context", nil, "kubeconfig context to scan (repeatable; default: the current context)")
	f.BoolVar(&o.AllContexts, "all-contexts", false, "scan every context of the kubeconfig")
	f.BoolVar(&o.InCluster, "in-cluster", false, "scan the cluster palisade runs in, with its pod's service account (see deploy/scan-cluster)")
	f.StringArrayVar(&o.ClusterNames, "cluster-name", nil, "name the cluster in reports: NAME with one context, or CONTEXT=NAME (repeatable)")
	f.IntVar(&o.ParallelClusters, "parallel-clusters", 4, "clusters scanned at once")
	f.DurationVar(&o.RequestTimeout, "request-timeout", 30*time.Second, "give up one API request after this long")
	f.Int64Var(&o.PageSize, "page-size", 500, "objects per list request (paged with continue tokens)")
	f.DurationVar(&o.Timeout, "timeout", 10*time.Minute, "give up the scan after this long")
	f.BoolVar(&o.ScanImages, "scan-images", false, "also scan every image running in the clusters for vulnerabilities (by digest when pods report it)")
	f.IntVar(&o.ImageParallel, "image-parallel", 2, "with --scan-images: images scanned at once")
	f.BoolVar(&o.Insecure, "insecure", false, "with --scan-images: allow plain-HTTP and self-signed registries")
	o.dbOptions.addFlags(cmd)
	return cmd
}

func runScanCluster(ctx context.Context, s Streams, o *ScanClusterOptions) error {
	if err := o.outputOptions.validate(); err != nil {
		return err
	}
	if o.isSBOM() {
		return fmt.Errorf("--format %s: an SBOM lists packages; scan cluster reports misconfigurations (use table, json, sarif or junit)", o.Format)
	}
	if o.ParallelClusters < 1 {
		return errors.New("--parallel-clusters must be at least 1")
	}
	targets, err := k8s.Targets(k8s.KubeconfigOptions{Kubeconfig: o.Kubeconfig, Contexts: o.Contexts, All: o.AllContexts, ClusterNames: o.ClusterNames, InCluster: o.InCluster})
	if err != nil {
		return err
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	topts, err := o.trustOptions.scanOption("")
	if err != nil {
		return err
	}
	sc := scan.NewConfigScannerLoading(func() (*policy.Engine, error) { return o.engine(ctx) }, topts...)
	copts := k8s.CollectOptions{PageSize: o.PageSize, Timeout: o.RequestTimeout}

	// Identify every cluster first, so that contexts reaching the same
	// cluster are scanned once.
	ids := make([]k8s.Identity, len(targets))
	idErrs := make([]error, len(targets))
	scan.Parallel(len(targets), o.ParallelClusters, func(i int) {
		ids[i], idErrs[i] = k8s.Identify(ctx, targets[i], copts)
	})
	results := make([]*finding.Result, len(targets))
	running := make([][]scan.RunningImage, len(targets))
	aliases := map[int][]string{}
	first := map[string]int{}
	var todo []int
	for i, t := range targets {
		if idErrs[i] != nil {
			results[i] = &finding.Result{Target: t.Name, Kind: finding.KindCluster, Cluster: t.Name, Findings: []finding.Finding{},
				Errors: []string{oneLine(idErrs[i])}, Metadata: map[string]any{"context": t.Context, "server": t.Server}}
			continue
		}
		if uid := ids[i].UID; uid != "" {
			if j, ok := first[uid]; ok {
				aliases[j] = append(aliases[j], t.Context)
				fmt.Fprintf(s.Err, "palisade: context %s reaches the same cluster as %s (kube-system UID %s): scanned once\n", t.Context, targets[j].Context, uid)
				continue
			}
			first[uid] = i
		}
		todo = append(todo, i)
	}
	var fatal error
	var mu sync.Mutex
	scan.Parallel(len(todo), o.ParallelClusters, func(k int) {
		i := todo[k]
		t := targets[i]
		start := time.Now()
		snap, err := k8s.Collect(ctx, t, ids[i], copts)
		var res finding.Result
		if err == nil {
			if o.ScanImages {
				running[i] = scan.RunningImages(snap.Objects)
			}
			res, err = sc.ScanCluster(ctx, snap)
			if err != nil {
				// The rules did not load: nothing can be scanned.
				mu.Lock()
				fatal = err
				mu.Unlock()
				return
			}
		}
		if err != nil {
			res = finding.Result{Target: t.Name, Kind: finding.KindCluster, Cluster: t.Name, Findings: []finding.Finding{},
				Errors: []string{oneLine(err)}, Metadata: map[string]any{"context": t.Context, "server": t.Server}}
		}
		fmt.Fprintf(s.Err, "palisade: cluster %s (%s): %d objects read in %s\n", t.Name, t.Context, objectsOf(res), time.Since(start).Round(time.Millisecond))
		results[i] = &res
	})
	if fatal != nil {
		return fatal
	}
	if _, err := sc.Engine(); err != nil {
		return err
	}
	ver, _, _ := version.Info()
	rep := finding.New(ver, o.now())
	for i, r := range results {
		if r == nil {
			continue
		}
		if a := aliases[i]; len(a) > 0 {
			sort.Strings(a)
			r.Metadata["contexts"] = append([]string{targets[i].Context}, a...)
		}
		for _, e := range r.Errors {
			fmt.Fprintf(s.Err, "palisade: cluster %s: %s\n", r.Cluster, e)
		}
		rep.Results = append(rep.Results, *r)
	}
	if o.ScanImages {
		imgs, err := o.scanRunningImages(ctx, s, targets, running)
		if err != nil {
			return err
		}
		rep.Results = append(rep.Results, imgs...)
	}
	var errs []error
	if ctx.Err() != nil {
		errs = append(errs, fmt.Errorf("scan stopped: %w", ctx.Err()))
	}
	return o.finish(s, rep, errs, o.now())
}

func objectsOf(r finding.Result) int {
	n, _ := r.Metadata["objects"].(int)
	return n
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// scanRunningImages scans each image the clusters run once (by digest when
// known; layer results are cached), then reports it per cluster with the
// namespaces and workloads that run it there.
func (o *ScanClusterOptions) scanRunningImages(ctx context.Context, s Streams, targets []k8s.Target, running [][]scan.RunningImage) ([]finding.Result, error) {
	if o.ImageParallel < 1 {
		return nil, errors.New("--image-parallel must be at least 1")
	}
	cacheDir, err := o.cacheDir()
	if err != nil {
		return nil, err
	}
	c, err := cache.Open(cacheDir)
	if err != nil {
		return nil, err
	}
	db, err := o.dbOptions.open(ctx, s, cacheDir, o.now())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	sc := scan.NewImageScanner(analyzer.Default(), scan.WithDB(db), scan.WithCache(c), scan.WithPURL(purl.For))
	var refs []string
	seen := map[string]bool{}
	for _, imgs := range running {
		for _, ri := range imgs {
			if !seen[ri.Ref] {
				seen[ri.Ref] = true
				refs = append(refs, ri.Ref)
			}
		}
	}
	type scanned struct {
		res finding.Result
		err error
	}
	done := make([]scanned, len(refs))
	scan.Parallel(len(refs), o.ImageParallel, func(i int) {
		im, err := image.Open(ctx, refs[i], image.WithInsecure(o.Insecure), image.WithDaemon(false))
		if err != nil {
			done[i].err = err
			return
		}
		defer im.Close()
		done[i].res, done[i].err = sc.Scan(ctx, im)
	})
	byRef := map[string]scanned{}
	for i, r := range refs {
		byRef[r] = done[i]
	}
	var out []finding.Result
	for i, imgs := range running {
		for _, ri := range imgs {
			d := byRef[ri.Ref]
			r := finding.Result{Findings: []finding.Finding{}}
			if d.err == nil {
				r = d.res
				r.Findings = append([]finding.Finding(nil), d.res.Findings...)
			} else {
				r.Errors = []string{oneLine(d.err)}
				fmt.Fprintf(s.Err, "palisade: cluster %s: image %s: %s\n", targets[i].Name, ri.Ref, oneLine(d.err))
			}
			r.Target, r.Kind, r.Cluster = ri.Ref, finding.KindImage, targets[i].Name
			md := map[string]any{}
			for k, v := range r.Metadata {
				md[k] = v
			}
			md["image"] = ri.Image
			md["namespaces"] = ri.Namespaces
			md["workloads"] = ri.Workloads
			r.Metadata = md
			out = append(out, r)
		}
	}
	return out, nil
}
