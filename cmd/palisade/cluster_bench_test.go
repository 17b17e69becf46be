package main_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/palisadesec/palisade/pkg/k8s/k8stest"
)

// BenchmarkScanClusterLarge times `palisade scan cluster` (the release
// build) against a real API server holding 500 namespaces, each with two
// Deployments, their ReplicaSets and 10 running pods, two Services, a
// ServiceAccount, a Role and RoleBinding and a NetworkPolicy: 5,000 pods and
// 10,500 objects. It reports seconds and peak RSS per scan (targets: 10 s,
// 300 MB). `make bench` runs it; populating the cluster takes a while.
func BenchmarkScanClusterLarge(b *testing.B) {
	env := k8stest.Start(b)
	cfg := env.RESTConfig(b, "alpha")
	cfg.QPS, cfg.Burst = 2000, 4000
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	const namespaces, podsPerDeployment = 500, 5
	start := time.Now()
	populate(b, cs, namespaces, podsPerDeployment)
	b.Logf("populated %d namespaces, %d pods in %s", namespaces, namespaces*2*podsPerDeployment, time.Since(start).Round(time.Second))

	bin := filepath.Join(b.TempDir(), "palisade")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	var secs, rss []float64
	for b.Loop() {
		cmd := exec.Command(bin, "scan", "cluster", "--kubeconfig", env.Kubeconfig, "--context", "alpha", "-f", "json", "-o", filepath.Join(b.TempDir(), "r.json"))
		t0 := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("scan: %v\n%s", err, out)
		}
		secs = append(secs, time.Since(t0).Seconds())
		rss = append(rss, float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)/1024)
	}
	sort.Float64s(secs)
	sort.Float64s(rss)
	b.ReportMetric(secs[len(secs)/2], "s/scan")
	b.ReportMetric(rss[len(rss)/2], "MiB-peak-RSS")
	fmt.Printf("scan cluster: 5,000 pods, 500 namespaces: %.2fs (target <= 10 s: %.2fx), peak RSS %.1f MiB = %.1f MB (target <= 300 MB: %.2fx)\n",
		secs[len(secs)/2], secs[len(secs)/2]/10, rss[len(rss)/2], rss[len(rss)/2]*1.048576, rss[len(rss)/2]*1.048576/300)
}

// populate creates the benchmark's objects with many requests in flight.
func populate(b *testing.B, cs kubernetes.Interface, namespaces, perDeployment int) {
	ctx := context.Background()
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := populateNamespace(ctx, cs, fmt.Sprintf("team-%03d", i), perDeployment); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range namespaces {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
}

func populateNamespace(ctx context.Context, cs kubernetes.Interface, ns string, perDeployment int) error {
	co := metav1.CreateOptions{}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, co); err != nil {
		return err
	}
	for _, sa := range []string{"default", "app"} {
		if _, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: sa}}, co); err != nil {
			return err
		}
	}
	if _, err := cs.RbacV1().Roles(ns).Create(ctx, &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "app"},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps", "secrets"}, Verbs: []string{"get", "list"}}}}, co); err != nil {
		return err
	}
	if _, err := cs.RbacV1().RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "app"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "app"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "app", Namespace: ns}}}, co); err != nil {
		return err
	}
	if _, err := cs.NetworkingV1().NetworkPolicies(ns).Create(ctx, &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "api"},
		Spec: networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{"app": "api"}}, PolicyTypes: []networkingv1.PolicyType{"Ingress"}}}, co); err != nil {
		return err
	}
	for d, app := range []string{"api", "worker"} {
		labels := map[string]string{"app": app}
		priv := d == 1
		tmpl := corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: labels},
			Spec: corev1.PodSpec{ServiceAccountName: "app", Containers: []corev1.Container{{
				Name: app, Image: "registry.example.com/" + ns + "/" + app + ":1.0",
				SecurityContext: &corev1.SecurityContext{Privileged: &priv},
				Ports:           []corev1.ContainerPort{{ContainerPort: 8080}},
			}}},
		}
		dep, err := cs.AppsV1().Deployments(ns).Create(ctx, &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: app},
			Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: tmpl}}, co)
		if err != nil {
			return err
		}
		ctrl := true
		rs, err := cs.AppsV1().ReplicaSets(ns).Create(ctx, &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: app + "-7c9d",
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: app, UID: dep.UID, Controller: &ctrl}}},
			Spec: appsv1.ReplicaSetSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: tmpl}}, co)
		if err != nil {
			return err
		}
		svcType := corev1.ServiceTypeClusterIP
		if d == 0 {
			svcType = corev1.ServiceTypeNodePort
		}
		if _, err := cs.CoreV1().Services(ns).Create(ctx, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: app},
			Spec: corev1.ServiceSpec{Type: svcType, Selector: labels, Ports: []corev1.ServicePort{{Port: 80}}}}, co); err != nil {
			return err
		}
		for p := range perDeployment {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s-7c9d-%d", app, p), Labels: labels,
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID, Controller: &ctrl}}},
				Spec: tmpl.Spec}
			created, err := cs.CoreV1().Pods(ns).Create(ctx, pod, co)
			if err != nil {
				return err
			}
			created.Status = k8stest.RunningStatus(created, nil)
			if _, err := cs.CoreV1().Pods(ns).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
	}
	return nil
}
