package probe

// The eBPF object is generated with Debian's clang (make generate-bpf) and
// committed, so building palisade needs no C toolchain.
//go:generate go run github.com/cilium/ebpf/cmd/bpf2go -cc clang -cflags "-O2 -g -Wall -Werror" -target amd64,arm64 -go-package probe -tags linux probe bpf/probe.bpf.c -- -I./bpf
