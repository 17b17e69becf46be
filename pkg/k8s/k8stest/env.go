// Package k8stest is for tests: it runs real Kubernetes API servers (the
// upstream kube-apiserver built by hack/testenv.sh, backed by Debian's etcd)
// so that cluster scanning is tested against the real API, its discovery,
// RBAC and validation, not against a fake clientset.
//
// Start brings up two independent clusters and writes one kubeconfig with
// the contexts ContextAlpha, ContextBeta (admins of each cluster),
// ContextAlphaRestricted (a user of the first cluster who may only get and
// list pods, deployments and namespaces) and ContextDown (a server where
// nothing listens). No kubelet, scheduler or controller manager runs: pods
// stay Pending unless a test writes their status with SetPodStatus, and
// namespaces get their "default" ServiceAccount only when created through
// Apply or CreateNamespace.
//
// The binaries come from PALISADE_KUBE_APISERVER (default
// <repo>/.cache/bin/kube-apiserver) and PALISADE_ETCD (default etcd on
// PATH); when one is missing, the test is skipped outside CI and fails in CI
// (see pkg/testenv). `make deps` (hack/testenv.sh) installs both.
package k8stest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/palisadesec/palisade/pkg/testenv"
)

// Context names in the kubeconfig written by Start.
const (
	ContextAlpha           = "alpha"
	ContextBeta            = "beta"
	ContextAlphaRestricted = "alpha-restricted"
	ContextDown            = "down"
)

// Users known to both API servers (static tokens).
const (
	AdminUser       = "palisade-admin" // in group system:masters
	RestrictedUser  = "palisade-restricted"
	RestrictedRole  = "palisade-restricted" // ClusterRole (and binding) of RestrictedUser on alpha
	adminToken      = "palisade-admin-token"
	restrictedToken = "palisade-restricted-token"
)

// ServiceClusterIPRange is the --service-cluster-ip-range of both clusters.
const ServiceClusterIPRange = "10.96.0.0/16"

// Env variables overriding where the binaries are.
const (
	EnvKubeAPIServer = "PALISADE_KUBE_APISERVER"
	EnvEtcd          = "PALISADE_ETCD"
	// EnvKeep, when set to 1, keeps the temp dirs (logs, etcd data) after the test.
	EnvKeep = "PALISADE_K8STEST_KEEP"
)

const readyTimeout = 90 * time.Second // generous: `go test ./...` loads the 2 cores

// Cluster is one etcd plus one kube-apiserver.
type Cluster struct {
	Name    string       // context name of its admin: ContextAlpha or ContextBeta
	URL     string       // https://127.0.0.1:PORT
	CAData  []byte       // PEM bundle that verifies the server's certificate
	Config  *rest.Config // admin (system:masters)
	Client  kubernetes.Interface
	Dynamic dynamic.Interface
	Dir     string // temp dir: certs, tokens, service account key, apiserver.log, etcd.log
	LogPath string // kube-apiserver's log

	etcdDir string // etcd's data (on /dev/shm when available)
	procs   []*proc
}

// proc is a started process; done closes when it has exited.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// Env is two running clusters and a kubeconfig for them.
type Env struct {
	Kubeconfig string // file holding the contexts ContextAlpha, ContextBeta, ContextAlphaRestricted, ContextDown
	Alpha      *Cluster
	Beta       *Cluster
	// StartDuration is how long Start took until both clusters were usable.
	StartDuration time.Duration

	dir      string
	configs  map[string]*rest.Config
	mu       sync.Mutex
	clients  map[string]kubernetes.Interface
	mappers  map[string]*mapper
	stopOnce sync.Once
}

// Contexts returns the kubeconfig's context names.
func (e *Env) Contexts() []string {
	return []string{ContextAlpha, ContextBeta, ContextAlphaRestricted, ContextDown}
}

// Cluster returns the cluster behind a context (nil for ContextDown).
func (e *Env) Cluster(ctxName string) *Cluster {
	switch ctxName {
	case ContextAlpha, ContextAlphaRestricted:
		return e.Alpha
	case ContextBeta:
		return e.Beta
	}
	return nil
}

// RESTConfig returns a copy of the client config of a context.
func (e *Env) RESTConfig(t testing.TB, ctxName string) *rest.Config {
	t.Helper()
	c, ok := e.configs[ctxName]
	if !ok {
		t.Fatalf("k8stest: no context %q", ctxName)
	}
	return rest.CopyConfig(c)
}

// Client returns a typed client for a context.
func (e *Env) Client(t testing.TB, ctxName string) kubernetes.Interface {
	t.Helper()
	cfg := e.RESTConfig(t, ctxName)
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.clients[ctxName]; ok {
		return c
	}
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("k8stest: client for %s: %v", ctxName, err)
	}
	e.clients[ctxName] = c
	return c
}

// Binaries returns the kube-apiserver and etcd paths the env uses, or an
// error naming what is missing and how to install it.
func Binaries() (apiserver, etcd string, err error) {
	var missing []string
	apiserver = os.Getenv(EnvKubeAPIServer)
	if apiserver == "" {
		root, rerr := repoRoot()
		if rerr != nil {
			missing = append(missing, "kube-apiserver ("+rerr.Error()+"; set "+EnvKubeAPIServer+")")
		} else {
			apiserver = filepath.Join(root, ".cache", "bin", "kube-apiserver")
		}
	}
	if apiserver != "" {
		if st, serr := os.Stat(apiserver); serr != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			missing = append(missing, "kube-apiserver at "+apiserver+" (run hack/testenv.sh or set "+EnvKubeAPIServer+")")
		}
	}
	etcd = os.Getenv(EnvEtcd)
	if etcd == "" {
		etcd = "etcd"
	}
	if p, lerr := exec.LookPath(etcd); lerr != nil {
		missing = append(missing, "etcd "+etcd+" (apt-get install etcd-server, run hack/testenv.sh or set "+EnvEtcd+")")
	} else {
		etcd = p
	}
	if len(missing) > 0 {
		return apiserver, etcd, errors.New("missing " + strings.Join(missing, ", "))
	}
	return apiserver, etcd, nil
}

// repoRoot walks up from the working directory (a test's package dir) to the
// directory holding palisade's go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			bytes.Contains(b, []byte("module github.com/palisadesec/palisade\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("palisade's go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Start runs two clusters, waits until both are ready, writes the kubeconfig
// and registers Stop with t.Cleanup. A missing binary skips the test (fails
// it when CI=true).
func Start(t testing.TB) *Env {
	t.Helper()
	apiserver, etcd, err := Binaries()
	if err != nil {
		testenv.Skip(t, "k8stest: %v", err)
	}
	began := time.Now()
	// Short paths: t.TempDir names derive from the test name and can get long.
	dir, err := os.MkdirTemp("", "k8stest-")
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{
		dir:     dir,
		configs: map[string]*rest.Config{},
		clients: map[string]kubernetes.Interface{},
		mappers: map[string]*mapper{},
	}
	t.Cleanup(func() {
		if t.Failed() && e.StartDuration > 0 { // Start's own errors carry the tails
			for _, c := range []*Cluster{e.Alpha, e.Beta} {
				if c != nil {
					t.Logf("k8stest: %s kube-apiserver log tail:\n%s", c.Name, tail(c.LogPath, 40))
				}
			}
		}
		e.Stop()
	})

	e.Alpha = &Cluster{Name: ContextAlpha, Dir: filepath.Join(dir, ContextAlpha)}
	e.Beta = &Cluster{Name: ContextBeta, Dir: filepath.Join(dir, ContextBeta)}
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, c := range []*Cluster{e.Alpha, e.Beta} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.start(ctx, apiserver, etcd)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("k8stest: starting clusters: %v", err)
	}
	if err := e.setupRestricted(ctx); err != nil {
		t.Fatalf("k8stest: %v", err)
	}
	if err := e.writeKubeconfig(); err != nil {
		t.Fatalf("k8stest: %v", err)
	}
	e.StartDuration = time.Since(began)
	return e
}

// Stop kills the processes and removes the temp dirs (unless
// PALISADE_K8STEST_KEEP=1). Start registers it with t.Cleanup; calling it
// again is harmless.
func (e *Env) Stop() {
	e.stopOnce.Do(func() {
		for _, c := range []*Cluster{e.Alpha, e.Beta} {
			if c != nil {
				c.stop()
			}
		}
		if os.Getenv(EnvKeep) == "1" {
			fmt.Fprintf(os.Stderr, "k8stest: kept %s\n", e.dir)
			return
		}
		for _, c := range []*Cluster{e.Alpha, e.Beta} {
			if c != nil && c.etcdDir != "" {
				_ = os.RemoveAll(c.etcdDir)
			}
		}
		_ = os.RemoveAll(e.dir)
	})
}

func (c *Cluster) stop() {
	// API server first, then its etcd.
	for i := len(c.procs) - 1; i >= 0; i-- {
		c.procs[i].kill()
	}
	c.procs = nil
}

// freePorts reserves n distinct free loopback ports. They are released
// together just before use, so the processes can bind them.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func (c *Cluster) start(ctx context.Context, apiserverBin, etcdBin string) error {
	if err := os.MkdirAll(filepath.Join(c.Dir, "certs"), 0o700); err != nil {
		return err
	}
	// etcd fsyncs every write; tmpfs makes that free.
	shm := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		shm = "/dev/shm"
	}
	etcdDir, err := os.MkdirTemp(shm, "k8stest-etcd-")
	if err != nil {
		return err
	}
	c.etcdDir = etcdDir

	// A port can be taken between freePorts and the bind: retry etcd a few times.
	var etcdURL string
	for attempt := 0; ; attempt++ {
		ports, err := freePorts(2)
		if err != nil {
			return err
		}
		etcdURL = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
		peerURL := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
		data := filepath.Join(etcdDir, fmt.Sprint(attempt))
		p, err := c.spawn(etcdBin, filepath.Join(c.Dir, "etcd.log"),
			"--name", "default",
			"--data-dir", data,
			"--listen-client-urls", etcdURL,
			"--advertise-client-urls", etcdURL,
			"--listen-peer-urls", peerURL,
			"--initial-advertise-peer-urls", peerURL,
			"--initial-cluster", "default="+peerURL,
			"--logger", "zap",
			"--log-level", "warn",
		)
		if err != nil {
			return err
		}
		err = waitHTTP(ctx, p, etcdURL+"/health", 15*time.Second)
		if err == nil {
			break
		}
		p.kill()
		c.procs = c.procs[:len(c.procs)-1]
		if attempt == 2 {
			return fmt.Errorf("%s: etcd did not become healthy: %v\n%s", c.Name, err, tail(filepath.Join(c.Dir, "etcd.log"), 30))
		}
	}

	saKey := filepath.Join(c.Dir, "sa.key")
	if err := writeRSAKey(saKey); err != nil {
		return err
	}
	tokens := filepath.Join(c.Dir, "tokens.csv")
	tokenCSV := fmt.Sprintf("%s,%s,%s-uid,\"system:masters\"\n%s,%s,%s-uid\n",
		adminToken, AdminUser, AdminUser, restrictedToken, RestrictedUser, RestrictedUser)
	if err := os.WriteFile(tokens, []byte(tokenCSV), 0o600); err != nil {
		return err
	}
	certDir := filepath.Join(c.Dir, "certs")
	c.LogPath = filepath.Join(c.Dir, "apiserver.log")

	for attempt := 0; ; attempt++ {
		ports, err := freePorts(1)
		if err != nil {
			return err
		}
		c.URL = fmt.Sprintf("https://127.0.0.1:%d", ports[0])
		p, err := c.spawn(apiserverBin, c.LogPath,
			"--etcd-servers", etcdURL,
			"--etcd-prefix", "/registry",
			"--bind-address", "127.0.0.1",
			"--secure-port", fmt.Sprint(ports[0]),
			"--cert-dir", certDir,
			"--token-auth-file", tokens,
			"--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
			"--service-account-key-file", saKey,
			"--service-account-signing-key-file", saKey,
			"--authorization-mode", "RBAC",
			"--service-cluster-ip-range", ServiceClusterIPRange,
			"--allow-privileged=true",
			"--profiling=false",
			"--v=1",
		)
		if err != nil {
			return err
		}
		err = c.waitReady(ctx, p, certDir)
		if err == nil {
			break
		}
		p.kill()
		c.procs = c.procs[:len(c.procs)-1]
		log := tail(c.LogPath, 30)
		if attempt == 2 || !strings.Contains(log, "address already in use") {
			return fmt.Errorf("%s: kube-apiserver not ready: %v\n--- %s (tail) ---\n%s", c.Name, err, c.LogPath, log)
		}
	}

	c.Config = &rest.Config{
		Host:            c.URL,
		BearerToken:     adminToken,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData},
		QPS:             200,
		Burst:           400,
		Timeout:         30 * time.Second,
	}
	if c.Client, err = kubernetes.NewForConfig(c.Config); err != nil {
		return err
	}
	if c.Dynamic, err = dynamic.NewForConfig(c.Config); err != nil {
		return err
	}
	// No controller manager: the default namespace gets its ServiceAccount here.
	return ensureDefaultServiceAccount(ctx, c.Client, metav1.NamespaceDefault)
}

// spawn starts a process with its stdout and stderr in logPath. The process
// dies with the test binary (Pdeathsig) even if cleanup never runs.
func (c *Cluster) spawn(bin, logPath string, args ...string) (*proc, error) {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout = f
	cmd.Stderr = f
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: starting %s: %w", c.Name, bin, err)
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	c.procs = append(c.procs, p)
	return p, nil
}

// waitReady waits until the server's self-signed certificate exists and
// /readyz answers ok over a connection verified with it.
func (c *Cluster) waitReady(ctx context.Context, p *proc, certDir string) error {
	crt := filepath.Join(certDir, "apiserver.crt")
	var lastErr error
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var client *http.Client
	for {
		select {
		case <-ctx.Done():
			if lastErr == nil {
				lastErr = errors.New("no certificate in " + certDir)
			}
			return fmt.Errorf("timed out: %v", lastErr)
		case <-p.done:
			return fmt.Errorf("kube-apiserver exited: %v", p.err)
		case <-tick.C:
		}
		if client == nil {
			pemData, err := os.ReadFile(crt)
			if err != nil {
				continue
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pemData) {
				continue // still being written
			}
			c.CAData = pemData
			client = &http.Client{
				Timeout:   5 * time.Second,
				Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
			}
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := client.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			// Re-read: the first read may have raced with the write.
			pemData, err := os.ReadFile(crt)
			if err != nil {
				return err
			}
			c.CAData = pemData
			return nil
		}
		lastErr = fmt.Errorf("/readyz: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
}

func waitHTTP(ctx context.Context, p *proc, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	var lastErr error = errors.New("no answer")
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			lastErr = errors.New(resp.Status)
		} else {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("timed out: %v", lastErr)
		case <-p.done:
			return fmt.Errorf("exited: %v", p.err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func writeRSAKey(path string) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 64*1024), 1024*1024)
	for s.Scan() {
		lines = append(lines, s.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// setupRestricted gives RestrictedUser get/list on pods, deployments and
// namespaces of alpha (nothing else: no secrets, roles or cluster roles) and
// waits until the authorizer has seen it.
func (e *Env) setupRestricted(ctx context.Context) error {
	cs := e.Alpha.Client
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: RestrictedRole},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"pods", "namespaces"}, Verbs: []string{"get", "list"}},
			{APIGroups: []string{"apps"}, Resources: []string{"deployments"}, Verbs: []string{"get", "list"}},
		},
	}
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating ClusterRole %s: %w", RestrictedRole, err)
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: RestrictedRole},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: RestrictedRole},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: RestrictedUser}},
	}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating ClusterRoleBinding %s: %w", RestrictedRole, err)
	}
	// The RBAC authorizer works from informers: wait until it allows the user.
	review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User:               RestrictedUser,
		Groups:             []string{"system:authenticated"},
		ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "list", Group: "apps", Resource: "deployments"},
	}}
	for {
		r, err := cs.AuthorizationV1().SubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		if err == nil && r.Status.Allowed {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("RBAC for %s not effective: %v", RestrictedUser, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (e *Env) writeKubeconfig() error {
	ports, err := freePorts(1)
	if err != nil {
		return err
	}
	downURL := fmt.Sprintf("https://127.0.0.1:%d", ports[0]) // released: nothing listens there
	cfg := clientcmdapi.NewConfig()
	add := func(ctxName, server string, ca []byte, token string) {
		cfg.Clusters[ctxName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
		cfg.AuthInfos[ctxName] = &clientcmdapi.AuthInfo{Token: token}
		cfg.Contexts[ctxName] = &clientcmdapi.Context{Cluster: ctxName, AuthInfo: ctxName}
	}
	add(ContextAlpha, e.Alpha.URL, e.Alpha.CAData, adminToken)
	add(ContextBeta, e.Beta.URL, e.Beta.CAData, adminToken)
	add(ContextAlphaRestricted, e.Alpha.URL, e.Alpha.CAData, restrictedToken)
	add(ContextDown, downURL, e.Alpha.CAData, adminToken)
	cfg.CurrentContext = ContextAlpha
	e.Kubeconfig = filepath.Join(e.dir, "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, e.Kubeconfig); err != nil {
		return err
	}
	for _, name := range e.Contexts() {
		rc, err := clientcmd.NewNonInteractiveClientConfig(*cfg, name, &clientcmd.ConfigOverrides{}, nil).ClientConfig()
		if err != nil {
			return fmt.Errorf("kubeconfig context %s: %w", name, err)
		}
		rc.QPS, rc.Burst, rc.Timeout = 200, 400, 30*time.Second
		e.configs[name] = rc
	}
	e.clients[ContextAlpha] = e.Alpha.Client
	e.clients[ContextBeta] = e.Beta.Client
	return nil
}

func ensureDefaultServiceAccount(ctx context.Context, cs kubernetes.Interface, ns string) error {
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ns}}
	_, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating ServiceAccount %s/default: %w", ns, err)
	}
	return nil
}
