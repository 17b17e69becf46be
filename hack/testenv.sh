#!/usr/bin/env bash
# testenv.sh installs what the cluster tests (pkg/k8s/k8stest) need:
#   - etcd, from Debian's etcd-server package, when `etcd` is not on PATH;
#   - a real kube-apiserver, built from hack/kube-apiserver (a separate Go
#     module) into .cache/bin/kube-apiserver.
# The binary is rebuilt only when hack/kube-apiserver/{go.mod,go.sum,main.go}
# (or the build flags below) change: their hash is stored next to it. A cold
# build takes several minutes on 2 cores; later runs take a second.
# Progress goes to stderr. Run from anywhere; `make deps` calls it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/hack/kube-apiserver"
bindir="$root/.cache/bin"
bin="$bindir/kube-apiserver"
GO="${GO:-go}"

log() { echo "testenv: $*" >&2; }

if ! command -v etcd >/dev/null 2>&1; then
	log "installing etcd (Debian etcd-server)"
	if [ "$(id -u)" -ne 0 ]; then
		log "not root: install etcd-server yourself (apt-get install etcd-server)"
		exit 1
	fi
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >&2
	# The package enables a system etcd on :2379; the tests start their own.
	if command -v systemctl >/dev/null 2>&1; then systemctl disable --now etcd >/dev/null 2>&1 || true; fi
fi
log "etcd: $(command -v etcd) ($(etcd --version 2>/dev/null | head -1))"

# version stamps so /version reports the upstream release the module pins.
k8s_version="$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$src/go.mod")"
k8s_minor="$(echo "$k8s_version" | cut -d. -f2)"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$k8s_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$k8s_minor -X k8s.io/component-base/version.gitTreeState=clean"

want="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" <(echo "$ldflags") | sha256sum | cut -d' ' -f1)"
if [ -x "$bin" ] && [ -f "$bin.sha256" ] && [ "$(cat "$bin.sha256")" = "$want" ]; then
	log "kube-apiserver up to date: $bin"
	exit 0
fi

log "building kube-apiserver $k8s_version into $bin (cold: several minutes)"
mkdir -p "$bindir"
start=$(date +%s)
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
(cd "$src" && CGO_ENABLED=0 "$GO" build -mod=readonly -buildvcs=false -trimpath -ldflags "$ldflags" -o "$tmp" .)
mv -f "$tmp" "$bin"
echo "$want" >"$bin.sha256"
log "built kube-apiserver in $(($(date +%s) - start))s: $("$bin" --version)"
