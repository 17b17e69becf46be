package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/node"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/version"
)

// ScanNodeOptions are the flags of `palisade scan node`.
type ScanNodeOptions struct {
	outputOptions
	dbOptions
	Root        string
	Benchmark   string
	KubeVersion string
	NodeName    string
	Cluster     string
	Packages    bool
	Timeout     time.Duration
	now         func() time.Time
}

func newScanNodeCmd(s Streams) *cobra.Command {
	o := &ScanNodeOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:   "node",
		Short: "Check this node against the CIS Kubernetes Benchmark (and, with --packages, scan its OS packages)",
		Long: `Check a Kubernetes node, control-plane or worker, against the CIS Kubernetes
Benchmark: file permissions and ownership, the flags of the running
kube-apiserver, controller manager, scheduler, etcd, kubelet and kube-proxy
(from their command lines, or from static pod manifests), and the kubelet's
configuration file. Each check is PASS, FAIL, WARN (manual, or could not be
decided) or NOT_APPLICABLE (the component is not on this node); failures and
warnings are findings with remediation. The benchmark follows the Kubernetes
version (cis-1.9, cis-1.10) or the managed platform (eks-1.5, gke-1.6,
aks-1.5). --packages also scans the host's OS and language packages.`,
		Example: `  sudo palisade scan node
  palisade scan node --root /host --node-name "$NODE_NAME" --cluster prod --packages --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runScanNode(cmd.Context(), s, o)
		},
	}
	o.outputOptions.addFlags(cmd)
	o.dbOptions.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.Root, "root", "/", "the host's root directory (a DaemonSet mounts / at /host)")
	f.StringVar(&o.Benchmark, "benchmark", "", "benchmark: "+strings.Join(node.Benchmarks(), ", ")+" (default: by platform and Kubernetes version)")
	f.StringVar(&o.KubeVersion, "kube-version", "", "Kubernetes version of the node, e.g. 1.30 (default: from the control plane's static pods, else the newest benchmark)")
	f.StringVar(&o.NodeName, "node-name", "", "the node's name in the report (default: $NODE_NAME, else the host name under --root)")
	f.StringVar(&o.Cluster, "cluster", "", "cluster name on the results")
	f.BoolVar(&o.Packages, "packages", false, "also scan the host's OS and language packages for vulnerabilities (as scan rootfs)")
	f.DurationVar(&o.Timeout, "timeout", 10*time.Minute, "give up the scan after this long")
	return cmd
}

func runScanNode(ctx context.Context, s Streams, o *ScanNodeOptions) error {
	if err := o.outputOptions.validate(); err != nil {
		return err
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	name := o.NodeName
	if name == "" {
		name = os.Getenv("NODE_NAME")
	}
	if name == "" {
		name = hostName(o.Root)
	}
	nr, err := node.Run(ctx, node.Options{Root: o.Root, Benchmark: o.Benchmark, KubeVersion: o.KubeVersion, NodeName: name, Cluster: o.Cluster})
	if err != nil {
		return err
	}
	found := false
	for _, how := range nr.Components {
		found = found || how != ""
	}
	if !found {
		fmt.Fprintf(s.Err, "palisade: no Kubernetes component runs on %s (no process, no static pod): every check is not applicable\n", name)
	}
	ver, _, _ := version.Info()
	rep := finding.New(ver, o.now())
	rep.Results = append(rep.Results, nr.Result())
	var errs []error
	if o.Packages {
		cacheDir, err := o.cacheDir()
		if err != nil {
			return err
		}
		db, err := o.dbOptions.open(ctx, s, cacheDir, o.now())
		if err != nil {
			return err
		}
		defer db.Close()
		sc, err := scan.NewFSScanner(analyzer.Default(), scan.WithFSDB(db), scan.WithSkipDirs(rootfsSkipDirs...),
			scan.WithFSListAllPackages(o.isSBOM()), scan.WithFSPURL(purl.For))
		if err != nil {
			return err
		}
		pr, err := sc.Scan(ctx, filepath.Clean(o.Root))
		pr.Target, pr.Kind, pr.Cluster = name+" (host packages)", finding.KindNode, o.Cluster
		if err != nil {
			errs = append(errs, err)
			pr.Errors = append(pr.Errors, err.Error())
		}
		rep.Results = append(rep.Results, pr)
	}
	return o.outputOptions.finish(s, rep, errs, o.now())
}

// hostName is the node's host name as the root file system records it.
func hostName(root string) string {
	if b, err := os.ReadFile(filepath.Join(root, "etc", "hostname")); err == nil {
		if h := strings.TrimSpace(string(b)); h != "" && len(h) < 256 {
			return h
		}
	}
	if root == "/" || root == "" {
		if h, err := os.Hostname(); err == nil {
			return h
		}
	}
	return fmt.Sprintf("node at %s", root)
}
