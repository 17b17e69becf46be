package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/k8s"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/trust"
)

// trustOptions are the trust-policy flags of the scans.
type trustOptions struct {
	TrustFile string
}

func (o *trustOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.TrustFile, "trust", "", "trust policy file: report workloads whose images are outside their trust groups (see palisade trust)")
}

// scanOption loads the policy, if any, as a scanner option judging
// workloads as running in cluster.
func (o *trustOptions) scanOption(cluster string) ([]scan.ConfigOption, error) {
	if o.TrustFile == "" {
		return nil, nil
	}
	p, err := trust.Load(o.TrustFile)
	if err != nil {
		return nil, fmt.Errorf("--trust: %w", err)
	}
	return []scan.ConfigOption{scan.WithTrust(p, cluster)}, nil
}

func newTrustCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trust",
		Short: "Write and check trust policies: which images each cluster and namespace may run",
		Long: `A trust policy names groups of image patterns (registry and repository
globs, tags, digests), each scoped to clusters and namespaces, with an effect
(alert or block). scan cluster --trust and scan config --trust report
workloads running images outside the groups of their cluster and namespace
(PAL-TRUST-001), or images trusted only in other clusters or namespaces
(PAL-TRUST-002). The format is documented in the README.`,
	}
	cmd.AddCommand(newTrustLearnCmd(s), newTrustCheckCmd(s))
	return cmd
}

// TrustLearnOptions are the flags of `palisade trust learn`.
type TrustLearnOptions struct {
	Kubeconfig     string
	Contexts       []string
	AllContexts    bool
	ClusterNames   []string
	Output         string
	RequestTimeout time.Duration
}

func newTrustLearnCmd(s Streams) *cobra.Command {
	o := &TrustLearnOptions{}
	cmd := &cobra.Command{
		Use:   "learn",
		Short: "Write a trust policy from the images that clusters run now",
		Long: `Read the workloads of one or more clusters (as scan cluster does) and write
a trust policy that trusts the images they run now: one group per registry
and repository prefix, scoped to the clusters and namespaces where those
images run, effect alert, with requireGroup set (a cluster or namespace the
policy does not cover is judged too). Review it, tighten it (digests,
block), and pass it to scan cluster --trust.`,
		Example: `  palisade trust learn --context prod --output trust.yaml
  palisade trust learn --context dev --context prod`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTrustLearn(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Kubeconfig, "kubeconfig", "", "kubeconfig file (default: KUBECONFIG, else ~/.kube/config)")
	f.StringArrayVar(&o.Contexts, "context", nil, "kubeconfig context to learn from (repeatable; default: the current context)")
	f.BoolVar(&o.AllContexts, "all-contexts", false, "learn from every context of the kubeconfig")
	f.StringArrayVar(&o.ClusterNames, "cluster-name", nil, "name the cluster in the policy: NAME with one context, or CONTEXT=NAME (repeatable)")
	f.StringVarP(&o.Output, "output", "o", "", "write the policy to this file instead of stdout")
	f.DurationVar(&o.RequestTimeout, "request-timeout", 30*time.Second, "give up one API request after this long")
	return cmd
}

func runTrustLearn(ctx context.Context, s Streams, o *TrustLearnOptions) error {
	targets, err := k8s.Targets(k8s.KubeconfigOptions{Kubeconfig: o.Kubeconfig, Contexts: o.Contexts, All: o.AllContexts, ClusterNames: o.ClusterNames})
	if err != nil {
		return err
	}
	copts := k8s.CollectOptions{Timeout: o.RequestTimeout}
	var policy *trust.Policy
	var errs []error
	for _, t := range targets {
		id, err := k8s.Identify(ctx, t, copts)
		if err != nil {
			errs = append(errs, fmt.Errorf("cluster %s: %w", t.Name, err))
			continue
		}
		snap, err := k8s.Collect(ctx, t, id, copts)
		if err != nil {
			errs = append(errs, fmt.Errorf("cluster %s: %w", t.Name, err))
			continue
		}
		for _, na := range snap.NotAssessed {
			if na.Resource == "pods" || na.Resource == "deployments.apps" {
				fmt.Fprintf(s.Err, "palisade: cluster %s: %s not read (%s): the policy misses their images\n", t.Name, na.Resource, na.Reason)
			}
		}
		p := trust.Learn(t.Name, scan.Attributable(snap.Objects))
		if policy == nil {
			policy = p
		} else {
			policy = trust.Merge(policy, p)
		}
	}
	if policy == nil {
		return errors.Join(errs...)
	}
	// What was learned is an allowlist: clusters and namespaces it does
	// not cover are judged too, so that a new cluster or namespace running
	// these images is reported rather than ignored.
	policy.RequireGroup = true
	data, err := policy.Marshal()
	if err != nil {
		return err
	}
	if o.Output == "" {
		_, err = s.Out.Write(data)
	} else {
		if err = os.MkdirAll(filepath.Dir(o.Output), 0o755); err == nil {
			err = os.WriteFile(o.Output, data, 0o644)
		}
	}
	if err != nil {
		return fmt.Errorf("writing policy: %w", err)
	}
	return errors.Join(errs...)
}

func newTrustCheckCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE",
		Short: "Validate a trust policy file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := trust.Load(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Out, "%s: %d trust groups, valid\n", args[0], len(p.Groups))
			return nil
		},
	}
}
