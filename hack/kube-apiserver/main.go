// Command kube-apiserver is the upstream Kubernetes API server (v1.34),
// built from the Go module proxy for palisade's cluster tests. See
// hack/testenv.sh and pkg/k8s/k8stest.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
