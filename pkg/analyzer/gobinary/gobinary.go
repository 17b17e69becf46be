// Package gobinary reports the Go modules compiled into Go executables (ELF,
// Mach-O and PE) from the build information the Go linker embeds in them:
// the standard library as the package "stdlib" at the toolchain's version,
// every dependency module at the version that was built (a replacement's,
// when the module was replaced), and the main module when it was built at a
// release version. It also owns the path rule, LikelyExecutable, by which
// analyzers of executables choose files without seeing their mode.
package gobinary

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// StdlibName is the package name under which the Go standard library is
// reported, as trivy and the Go vulnerability database name it.
const StdlibName = "stdlib"

// buildInfoMagic starts the build information blob the linker writes; a
// file without it cannot be a Go executable, which is cheaper to learn with
// one scan than by parsing its headers.
var buildInfoMagic = []byte("\xff Go buildinf:")

// Analyzer reads Go executables.
type Analyzer struct{}

// New returns the Go binary analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name is the analyzer's stable name.
func (*Analyzer) Name() string { return "gobinary" }

// Version changes whenever Parse may return something different for the same file.
func (*Analyzer) Version() int { return 1 }

// Required reports whether path may hold an executable; see LikelyExecutable.
func (*Analyzer) Required(path string) bool { return LikelyExecutable(path) }

// Parse returns the modules built into the Go executable content, read from
// path. Files that are not Go executables yield no packages and no error;
// an executable whose Go build information cannot be decoded is an error.
func (*Analyzer) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	if !IsExecutable(content) || !bytes.Contains(content, buildInfoMagic) {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bi, err := buildinfo.Read(bytes.NewReader(content))
	if err != nil {
		// The magic can occur in files that are not Go executables (a
		// program or data file carrying those bytes), which buildinfo
		// rejects with these errors; it does not export them.
		if msg := err.Error(); strings.HasSuffix(msg, "not a Go executable") || strings.HasSuffix(msg, "unrecognized file format") {
			return nil, nil
		}
		return nil, fmt.Errorf("reading Go build info: %w", err)
	}
	return packages(bi, path), nil
}

// maxFatArches bounds the architectures of a universal Mach-O binary; real
// ones hold two to four.
const maxFatArches = 16

// IsExecutable reports whether content starts like an ELF, PE or Mach-O
// file (thin or universal), the formats an image or a source tree ships
// programs in.
func IsExecutable(content []byte) bool {
	if len(content) < 16 {
		return false
	}
	switch {
	case bytes.HasPrefix(content, []byte("\x7fELF")),
		bytes.HasPrefix(content, []byte("MZ")),
		bytes.HasPrefix(content, []byte("\xfe\xed\xfa")) && (content[3] == 0xce || content[3] == 0xcf),
		bytes.HasPrefix(content[1:], []byte("\xfa\xed\xfe")) && (content[0] == 0xce || content[0] == 0xcf):
		return true
	case bytes.HasPrefix(content, []byte("\xca\xfe\xba\xbe")),
		bytes.HasPrefix(content, []byte("\xca\xfe\xba\xbf")):
		// The Mach-O parser opens every architecture a universal binary
		// lists, all of which may point at the same large image, so their
		// count is bounded. Java class files share the magic; their
		// version, where the count would be, reads as 45 or more.
		n := binary.BigEndian.Uint32(content[4:8])
		return n >= 1 && n <= maxFatArches
	}
	return false
}

func packages(bi *debug.BuildInfo, path string) []inventory.Package {
	pkgs := make([]inventory.Package, 0, len(bi.Deps)+2)
	add := func(name, version string) {
		pkgs = append(pkgs, inventory.Package{Name: name, Version: version, Ecosystem: inventory.EcosystemGo, Path: path})
	}
	if v, ok := StdlibVersion(bi.GoVersion); ok {
		add(StdlibName, v)
	}
	// go build in a module tree stamps "(devel)", or nothing when built
	// outside a module; only go install path@version and VCS-stamped builds
	// name a version advisories could match.
	if bi.Main.Path != "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		add(bi.Main.Path, bi.Main.Version)
	}
	for _, dep := range bi.Deps {
		// Old toolchains listed the main module among the deps with an
		// empty path.
		if dep == nil || dep.Path == "" {
			continue
		}
		name, version := dep.Path, dep.Version
		if r := dep.Replace; r != nil {
			// A module replacement's code is what was compiled, so its
			// path and version are reported. A directory replacement
			// (recorded as "../dep (devel)") has neither a module path
			// nor a version: the module keeps its own name and is
			// reported without a version, since the required version's
			// code is not what was built.
			if r.Version != "" && r.Version != "(devel)" {
				name, version = r.Path, r.Version
			} else {
				version = ""
			}
		}
		if version == "(devel)" {
			version = ""
		}
		add(name, version)
	}
	slices.SortFunc(pkgs, func(a, b inventory.Package) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	return slices.CompactFunc(pkgs, func(a, b inventory.Package) bool {
		return a.Name == b.Name && a.Version == b.Version
	})
}

// StdlibVersion converts a toolchain version as the linker records it
// (runtime.Version of the builder) to the semantic version the Go
// vulnerability database keys the standard library by:
//
//	go1.21.3                  -> v1.21.3
//	go1.20, go1.9             -> v1.20.0, v1.9.0 (first releases before 1.21 had no ".0")
//	go1.22rc1, go1.21beta2    -> v1.22.0-rc.1, v1.21.0-beta.2
//	go1.22.3 X:boringcrypto   -> v1.22.3 (GOEXPERIMENT suffix, Go 1.25 and older)
//	go1.26.0-X:nodwarf5       -> v1.26.0 (GOEXPERIMENT suffix, Go 1.26 and newer)
//	go1.22.7 (Red Hat ...)    -> v1.22.7 (vendor builds append after a space)
//	go1.22.5-1, go1.21.0+corp -> v1.22.5, v1.21.0 (vendor builds of a release)
//
// ok is false for development toolchains ("devel go1.23-abcdef ...") and
// anything else it does not recognise: such a toolchain is not a release,
// and no version would match advisories correctly, so no stdlib package is
// reported for it. A vendor's build of a release is reported as that
// release, which overstates its exposure when the vendor backported fixes. Trivy reports "v" plus the raw string instead, which
// gives "v1.22rc1" (not a semantic version) and "vdevel ...".
func StdlibVersion(goVersion string) (string, bool) {
	v, _, _ := strings.Cut(goVersion, " ")
	v, _, _ = strings.Cut(v, "-X:")
	v, ok := strings.CutPrefix(v, "go")
	if !ok {
		return "", false
	}
	end := 0
	for end < len(v) && (v[end] == '.' || v[end] >= '0' && v[end] <= '9') {
		end++
	}
	num, rest := v[:end], v[end:]
	parts := strings.Split(num, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return "", false
	}
	for _, p := range parts {
		if p == "" || len(p) > 9 || len(p) > 1 && p[0] == '0' {
			return "", false
		}
	}
	if len(parts) == 2 {
		parts = append(parts, "0")
	}
	out := "v" + strings.Join(parts, ".")
	for _, pre := range []string{"rc", "beta", "alpha"} {
		n, ok := strings.CutPrefix(rest, pre)
		if !ok {
			continue
		}
		if n == "" || len(n) > 9 || strings.Trim(n, "0123456789") != "" || n[0] == '0' || parts[2] != "0" {
			return "", false
		}
		return out + "-" + pre + "." + n, true
	}
	if rest != "" && rest[0] != '-' && rest[0] != '+' {
		return "", false
	}
	return out, true
}
