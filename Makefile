# Palisade build, test and release targets. `make test` is what CI runs.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse --verify -q HEAD 2>/dev/null || echo unknown)
DATE ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
PKG := github.com/palisadesec/palisade/pkg/version
LDFLAGS := -s -w -X $(PKG).Version=$(VERSION) -X $(PKG).Commit=$(COMMIT) -X $(PKG).Date=$(DATE)
GORELEASER := github.com/goreleaser/goreleaser/v2@v2.15.1
FUZZTIME ?= 5000x

.PHONY: all build test deps testenv-deps generate-bpf unit lint completions check-completions release-check release-snapshot bench fuzz demo clean

all: build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/palisade ./cmd/palisade

# test installs what the tests need (binutils' objcopy for the cargo-auditable
# cross-check; etcd and a kube-apiserver for the cluster tests, see
# testenv-deps); everything else is in-process registries, fixture images and
# fixture DBs built at test time.
test: deps lint unit fuzz release-check

# Debian packages the tests use: binutils (objcopy), chromium (the HTML
# report is rendered headless), clang/llvm/libbpf-dev
# (the generated eBPF objects are checked against their C sources), runc and
# busybox-static (real containers for the runtime probe's tests).
DEB_PKGS := binutils chromium clang llvm libbpf-dev runc busybox-static
DEB_CMDS := objcopy chromium clang llvm-strip runc busybox

deps: testenv-deps
	@missing=0; for c in $(DEB_CMDS); do command -v $$c >/dev/null || missing=1; done; \
	  [ -f /usr/include/bpf/bpf_helpers.h ] || missing=1; \
	  if [ $$missing = 1 ]; then apt-get update -qq && apt-get install -y -qq $(DEB_PKGS) >/dev/null; fi

# generate-bpf rebuilds the committed eBPF objects from pkg/probe/bpf.
generate-bpf:
	$(GO) generate ./pkg/probe

# testenv-deps installs Debian's etcd-server and builds the real kube-apiserver
# (hack/kube-apiserver, its own module) into .cache/bin for pkg/k8s/k8stest.
# The cold build takes several minutes; it is redone only when that module changes.
testenv-deps:
	@GO=$(GO) bash hack/testenv.sh

unit:
	CGO_ENABLED=0 $(GO) test -count=1 -timeout 20m ./...

lint:
	@out="$$(gofmt -l cmd pkg hack rules 2>/dev/null)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) mod tidy -diff

completions: build
	./bin/palisade completion bash > completions/palisade.bash
	./bin/palisade completion zsh > completions/palisade.zsh
	./bin/palisade completion fish > completions/palisade.fish
	./bin/palisade completion powershell > completions/palisade.ps1

# fuzz runs every fuzz target for a fixed number of executions (a count,
# not a duration, so a loaded machine cannot turn it into a timeout flake);
# FUZZTIME=10m for a real session.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for t in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/func //'); do \
	    echo "fuzz $$pkg $$t"; \
	    $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 100x $$pkg > /tmp/palisade-fuzz.log 2>&1 || { cat /tmp/palisade-fuzz.log; exit 1; }; \
	  done; \
	done

release-check:
	$(GO) run $(GORELEASER) check

release-snapshot:
	$(GO) run $(GORELEASER) release --snapshot --clean

# demo builds the binary, a fixture vulnerability DB and a demo image tarball
# from testdata, for the README quick start (no network needed).
demo: build
	$(GO) run ./hack/demo -out demo

bench:
	bash hack/bench.sh

clean:
	rm -rf bin dist demo .cache
