#!/usr/bin/env bash
# make bench: Go benchmarks, then the side-by-side image scan measurement
# (palisade cold/warm vs gzip -dc over the same layers) on a debootstrap'ed
# Debian bookworm minbase root file system.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_WORK:-.cache/bench}
mkdir -p "$WORK"

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

make build
echo "== Go benchmarks"
CGO_ENABLED=0 go test -run '^$' -bench . -benchmem ./pkg/... | grep -E '^(Benchmark|ok|PASS|FAIL)' || true
echo "== image scan vs gzip -dc"
go run ./hack/bench -work "$WORK" -bin bin/palisade
