package k8stest_test

import (
	"context"
	"os"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/palisadesec/palisade/pkg/k8s/k8stest"
)

const fixture = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        securityContext:
          privileged: true
`

func TestEnv(t *testing.T) {
	env := k8stest.Start(t)
	t.Logf("k8stest.Start took %s", env.StartDuration)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	raw, err := os.ReadFile(env.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	kc, err := clientcmd.Load(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range env.Contexts() {
		if kc.Contexts[name] == nil {
			t.Errorf("kubeconfig has no context %q", name)
		}
	}

	const digest = "docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"
	for _, name := range []string{k8stest.ContextAlpha, k8stest.ContextBeta} {
		t.Run(name, func(t *testing.T) {
			// Clients built from the kubeconfig file, as palisade will.
			cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
				&clientcmd.ClientConfigLoadingRules{ExplicitPath: env.Kubeconfig},
				&clientcmd.ConfigOverrides{CurrentContext: name}).ClientConfig()
			if err != nil {
				t.Fatal(err)
			}
			if len(cfg.CAData) == 0 || cfg.Insecure {
				t.Errorf("context %s does not verify the server certificate", name)
			}
			fromFile, err := kubernetes.NewForConfig(cfg)
			if err != nil {
				t.Fatal(err)
			}

			env.ApplyYAML(t, name, fixture)
			pod := &corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: "shop", Labels: map[string]string{"app": "web"}},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name: "nginx", Image: "nginx:1.25",
					SecurityContext: &corev1.SecurityContext{Privileged: ptr(true)},
				}}},
			}
			env.Apply(t, name, pod)
			got := env.MarkRunning(t, name, "shop", "web-0", map[string]string{"nginx": digest})
			if got.Status.Phase != corev1.PodRunning || got.Spec.NodeName != k8stest.NodeName {
				t.Errorf("pod not running on %s: phase %s node %q", k8stest.NodeName, got.Status.Phase, got.Spec.NodeName)
			}

			cluster := env.Cluster(name)
			deps, err := cluster.Client.AppsV1().Deployments("shop").List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(deps.Items) != 1 || deps.Items[0].Name != "web" || !privileged(deps.Items[0]) {
				t.Errorf("deployments: %+v", deps.Items)
			}
			pods, err := fromFile.CoreV1().Pods("shop").List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(pods.Items) != 1 {
				t.Fatalf("want 1 pod, got %d", len(pods.Items))
			}
			p := pods.Items[0]
			if len(p.Status.ContainerStatuses) != 1 {
				t.Fatalf("container statuses: %+v", p.Status.ContainerStatuses)
			}
			st := p.Status.ContainerStatuses[0]
			if st.ImageID != digest || st.State.Running == nil || st.ContainerID == "" || st.Image != "nginx:1.25" {
				t.Errorf("container status: %+v", st)
			}
			if p.Spec.ServiceAccountName != "default" {
				t.Errorf("service account %q", p.Spec.ServiceAccountName)
			}
			v, err := fromFile.Discovery().ServerVersion()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %s, server %s", name, cluster.URL, v.GitVersion)
		})
	}

	// The clusters are independent: an object only in beta.
	env.Apply(t, k8stest.ContextBeta, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "only-beta", Namespace: "shop"}})
	if _, err := env.Alpha.Client.CoreV1().ConfigMaps("shop").Get(ctx, "only-beta", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("alpha sees beta's configmap: %v", err)
	}

	t.Run("restricted", func(t *testing.T) {
		rc := env.Client(t, k8stest.ContextAlphaRestricted)
		if _, err := rc.CoreV1().Pods("").List(ctx, metav1.ListOptions{}); err != nil {
			t.Errorf("restricted user cannot list pods: %v", err)
		}
		if _, err := rc.AppsV1().Deployments("shop").List(ctx, metav1.ListOptions{}); err != nil {
			t.Errorf("restricted user cannot list deployments: %v", err)
		}
		if _, err := rc.CoreV1().Namespaces().Get(ctx, "shop", metav1.GetOptions{}); err != nil {
			t.Errorf("restricted user cannot get namespaces: %v", err)
		}
		_, err := rc.CoreV1().Secrets("").List(ctx, metav1.ListOptions{})
		if !apierrors.IsForbidden(err) {
			t.Errorf("listing secrets: want Forbidden, got %v", err)
		}
		_, err = rc.RbacV1().ClusterRoles().List(ctx, metav1.ListOptions{})
		if !apierrors.IsForbidden(err) {
			t.Errorf("listing clusterroles: want Forbidden, got %v", err)
		}
		_, err = rc.RbacV1().Roles("").List(ctx, metav1.ListOptions{})
		if !apierrors.IsForbidden(err) {
			t.Errorf("listing roles: want Forbidden, got %v", err)
		}
	})

	t.Run("down", func(t *testing.T) {
		cfg := env.RESTConfig(t, k8stest.ContextDown)
		cfg.Timeout = 5 * time.Second
		dc, err := kubernetes.NewForConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = dc.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
		if err == nil {
			t.Fatal("listing namespaces on the down context succeeded")
		}
		t.Logf("down: %v", err)
	})
}

func privileged(d appsv1.Deployment) bool {
	c := d.Spec.Template.Spec.Containers
	return len(c) == 1 && c[0].SecurityContext != nil && c[0].SecurityContext.Privileged != nil && *c[0].SecurityContext.Privileged
}

func ptr[T any](v T) *T { return &v }
