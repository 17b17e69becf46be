// Package k8s reads live Kubernetes clusters for `palisade scan cluster`:
// kubeconfig contexts resolved as kubectl resolves them, the identity of the
// cluster behind each context, and a read-only, list-only collection of the
// objects the rules need, paged and bounded, that says what it could not
// read instead of treating it as empty.
package k8s

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Target is one cluster to scan: a kubeconfig context and the client
// configuration it resolves to.
type Target struct {
	// Context is the kubeconfig context.
	Context string
	// Name is how reports call the cluster: the --cluster-name given for
	// the context, else the context name.
	Name string
	// Server is the API endpoint.
	Server string
	// Config is the client configuration (credentials included).
	Config *rest.Config
	// Err is set when the context cannot be used (unknown context, broken
	// credentials); the other targets are still scanned.
	Err error
}

// KubeconfigOptions says which kubeconfig and contexts to use.
type KubeconfigOptions struct {
	// Kubeconfig is an explicit file; empty means KUBECONFIG (a list of
	// files, merged) or ~/.kube/config, as kubectl does.
	Kubeconfig string
	// Contexts to scan; empty means the current context.
	Contexts []string
	// All scans every context of the kubeconfig.
	All bool
	// ClusterNames renames clusters in reports: "NAME" when one context is
	// scanned, or "CONTEXT=NAME" pairs.
	ClusterNames []string
	// InCluster uses the pod's service account instead of a kubeconfig
	// (the context is then called "in-cluster").
	InCluster bool
}

// InClusterContext is the context name of an in-cluster target.
const InClusterContext = "in-cluster"

// ErrNoContext is returned when no context is given and the kubeconfig
// has no current context.
var ErrNoContext = errors.New("no context: the kubeconfig has no current-context; pass --context or --all-contexts")

// Targets resolves the contexts to scan. A context the kubeconfig does not
// hold, or whose credentials cannot be loaded, gives a Target with Err set;
// an unreadable kubeconfig or a bad option is an error.
func Targets(o KubeconfigOptions) ([]Target, error) {
	if o.InCluster {
		if o.All || len(o.Contexts) > 0 || o.Kubeconfig != "" {
			return nil, errors.New("--in-cluster cannot be used with --kubeconfig, --context or --all-contexts")
		}
		rename, err := clusterNames(o.ClusterNames, []string{InClusterContext})
		if err != nil {
			return nil, err
		}
		t := Target{Context: InClusterContext, Name: InClusterContext}
		if r, ok := rename[InClusterContext]; ok {
			t.Name = r
		}
		t.Config, t.Err = rest.InClusterConfig()
		if t.Err != nil {
			return nil, fmt.Errorf("--in-cluster: %w", t.Err)
		}
		t.Server = t.Config.Host
		return []Target{t}, nil
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = o.Kubeconfig
	raw, err := rules.Load()
	if err != nil {
		return nil, fmt.Errorf("reading kubeconfig: %w", err)
	}
	var names []string
	switch {
	case o.All:
		if len(o.Contexts) > 0 {
			return nil, errors.New("--all-contexts and --context cannot be used together")
		}
		for n := range raw.Contexts {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) == 0 {
			return nil, errors.New("the kubeconfig has no contexts")
		}
	case len(o.Contexts) > 0:
		seen := map[string]bool{}
		for _, c := range o.Contexts {
			if !seen[c] {
				seen[c] = true
				names = append(names, c)
			}
		}
	default:
		if raw.CurrentContext == "" {
			return nil, ErrNoContext
		}
		names = []string{raw.CurrentContext}
	}
	rename, err := clusterNames(o.ClusterNames, names)
	if err != nil {
		return nil, err
	}
	out := make([]Target, 0, len(names))
	for _, n := range names {
		t := Target{Context: n, Name: n}
		if r, ok := rename[n]; ok {
			t.Name = r
		}
		t.Config, t.Server, t.Err = restConfig(raw, n, rules)
		out = append(out, t)
	}
	return out, nil
}

func restConfig(raw *clientcmdapi.Config, name string, rules clientcmd.ClientConfigLoader) (*rest.Config, string, error) {
	ctx, ok := raw.Contexts[name]
	if !ok {
		return nil, "", fmt.Errorf("context %q is not in the kubeconfig", name)
	}
	server := ""
	if c, ok := raw.Clusters[ctx.Cluster]; ok {
		server = c.Server
	}
	cfg, err := clientcmd.NewNonInteractiveClientConfig(*raw, name, &clientcmd.ConfigOverrides{}, rules).ClientConfig()
	if err != nil {
		return nil, server, fmt.Errorf("context %q: %w", name, err)
	}
	return cfg, cfg.Host, nil
}

// clusterNames parses --cluster-name values against the contexts scanned.
func clusterNames(vals, contexts []string) (map[string]string, error) {
	out := map[string]string{}
	known := map[string]bool{}
	for _, c := range contexts {
		known[c] = true
	}
	for _, v := range vals {
		ctx, name, pair := strings.Cut(v, "=")
		if !pair {
			if len(contexts) != 1 {
				return nil, fmt.Errorf("--cluster-name %q: with several contexts, use CONTEXT=NAME", v)
			}
			ctx, name = contexts[0], v
		}
		if name == "" || !known[ctx] {
			return nil, fmt.Errorf("--cluster-name %q: %q is not a context being scanned", v, ctx)
		}
		out[ctx] = name
	}
	return out, nil
}
