#!/usr/bin/env bash
# make bench: Go benchmarks, then `scan config` over a generated corpus of
# 1,000 manifest files and 50 Helm charts (no debootstrap needed), then the
# side-by-side image scan measurement (palisade cold/warm vs gzip -dc over the
# same layers) on a debootstrap'ed Debian bookworm minbase root file system.
# The cluster scan measurement (5,000 pods on a real kube-apiserver) runs
# between the two.
# The runtime probe's overhead (a real runc container) runs after that.
# BENCH_ONLY=config (or cluster, runtime, image) runs only that measurement after
# the Go benchmarks; BENCH_RUNS sets the runs per measurement (median reported).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_WORK:-.cache/bench}
ONLY=${BENCH_ONLY:-}
RUNS=${BENCH_RUNS:-5}
mkdir -p "$WORK"

make build
echo "== Go benchmarks"
CGO_ENABLED=0 go test -run '^$' -bench . -benchmem ./pkg/... | grep -E '^(Benchmark|ok|PASS|FAIL)' || true

if [ -z "$ONLY" ] || [ "$ONLY" = config ]; then
  echo "== config scan (1,000 manifests, 50 Helm charts)"
  go run ./hack/bench -work "$WORK" -bin bin/palisade -runs "$RUNS" -only config
fi
if [ -z "$ONLY" ] || [ "$ONLY" = cluster ]; then
  # A real kube-apiserver (make testenv-deps) holding 5,000 running pods in
  # 500 namespaces; populating it takes about half a minute.
  echo "== cluster scan (5,000 pods, 500 namespaces, real API server)"
  make testenv-deps
  CGO_ENABLED=0 go test -run '^$' -bench BenchmarkScanClusterLarge -benchtime "${RUNS}x" ./cmd/palisade | grep -E '^(scan cluster|Benchmark|ok|FAIL)|populated' || true
fi
if [ -z "$ONLY" ] || [ "$ONLY" = runtime ]; then
  # A real runc container running 20,000 execs of /bin/true and 20,000
  # loopback connects, alternately without and with `runtime watch`
  # (RUNTIME_BENCH_ROUNDS pairs); needs root, runc and busybox (make deps).
  echo "== runtime watch overhead (20,000 execs + 20,000 connects in a container)"
  make deps >/dev/null
  CGO_ENABLED=0 go test -run '^$' -bench BenchmarkRuntimeOverhead -benchtime 1x -timeout 30m ./cmd/palisade | grep -E '^(runtime watch|Benchmark|ok|FAIL)|_test.go:' || true
fi
[ -n "$ONLY" ] && [ "$ONLY" != image ] && exit 0

if [ ! -f "$WORK/rootfs/var/lib/dpkg/status" ]; then
  if ! command -v debootstrap >/dev/null; then
    apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
  fi
  # The machine's own Debian mirror (no internet beyond it).
  MIRROR=$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
  MIRROR=${MIRROR:-$(grep -hoE '^deb +\S+' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}')}
  rm -rf "$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$WORK/rootfs" "${MIRROR:-http://deb.debian.org/debian}" > "$WORK/debootstrap.log"
fi

echo "== image scan vs gzip -dc"
go run ./hack/bench -work "$WORK" -bin bin/palisade -runs "$RUNS" -only image
