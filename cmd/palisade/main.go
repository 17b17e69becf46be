// Command palisade scans container images, configuration and Kubernetes
// clusters for vulnerabilities and misconfigurations.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/palisadesec/palisade/pkg/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
