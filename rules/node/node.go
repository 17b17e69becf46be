// Package nodebench embeds the CIS Kubernetes Benchmark node and control-plane
// check definitions that pkg/node evaluates: one YAML file per benchmark
// version (see README.md in this directory for the format).
package nodebench

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml
var files embed.FS

// FS returns the benchmark files: <benchmark>.yaml at the top level.
func FS() fs.FS { return files }
