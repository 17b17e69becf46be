package gobinary

import "strings"

// deniedPrefixes are trees that hold configuration, documentation, kernel
// interfaces, package databases, caches and locale data: many files without
// an extension and no executables worth reading. Paths are relative to the
// root, so "etc/" is /etc.
var deniedPrefixes = []string{
	"boot/",
	"dev/",
	"etc/",
	"lib/firmware/",
	"lib/modules/",
	"lib/terminfo/",
	"proc/",
	"run/",
	"sys/",
	"usr/include/",
	"usr/lib/firmware/",
	"usr/lib/locale/",
	"usr/lib/modules/",
	"usr/lib/sysimage/",
	"usr/lib/terminfo/",
	"usr/share/",
	"usr/src/",
	"var/cache/",
	"var/lib/",
	"var/log/",
	"var/mail/",
	"var/spool/",
}

// deniedInfixes are trees denied wherever they are rooted: Go's module
// cache, which holds the source (LICENSE, Makefile and the like) of every
// module a builder image downloaded.
var deniedInfixes = []string{
	"go/pkg/mod/",
}

// textNames are extensionless base names of files that are never
// executables, compared case-insensitively. "modules" is the JDK's runtime
// image (lib/modules, over 100 MiB) and "locale-archive" glibc's locales, the
// two large extensionless files common in images outside the denied trees.
var textNames = []string{
	"authors",
	"changelog",
	"changes",
	"contributors",
	"copying",
	"dockerfile",
	"licence",
	"license",
	"locale-archive",
	"makefile",
	"modules",
	"notice",
	"readme",
	"version",
}

// LikelyExecutable reports whether the file at p (relative, slash-separated)
// may be an executable worth opening, judged from its path alone because
// the layer walk does not pass file modes. It is shared by the analyzers
// that read executables (Go build info, cargo-auditable data); a layer walk
// reads each required file once however many analyzers want it.
//
// The rule, in order:
//   - files in the denied trees (etc/, usr/share/, var/lib/, proc/, Go's
//     module cache and the like) are never candidates;
//   - any file directly in a directory named bin or sbin is a candidate,
//     whatever its name, including in hidden directories such as
//     root/.cargo/bin;
//   - other files under a hidden directory (.git, .cache/go-build) are not;
//   - elsewhere, a file is a candidate when its base name has no extension
//     (no dot) or ends in ".exe", and is not a well-known text file name
//     such as LICENSE or Makefile.
//
// Executables in images commonly live at the root (/manager, /coredns), in
// /app, /ko-app or /opt, and in lib or libexec directories
// (usr/libexec/docker/cli-plugins), so no list of directories could be
// complete; the extension rule covers them. The trade-off: executables with
// a dot in their name outside bin directories (app.bin, tool-1.2) are
// missed, and extensionless non-executables outside the denied trees are
// read, which costs a magic-number check each. Trivy instead requires the
// executable bit, which a path does not carry.
func LikelyExecutable(p string) bool {
	if p == "" || p[len(p)-1] == '/' {
		return false
	}
	for _, d := range deniedPrefixes {
		if strings.HasPrefix(p, d) {
			return false
		}
	}
	for _, d := range deniedInfixes {
		if strings.HasPrefix(p, d) || strings.Contains(p, "/"+d) {
			return false
		}
	}
	dir, base := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		dir, base = p[:i], p[i+1:]
	}
	parent := dir
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		parent = dir[i+1:]
	}
	if parent == "bin" || parent == "sbin" {
		return true
	}
	if dir != "" && (dir[0] == '.' || strings.Contains(dir, "/.")) {
		return false
	}
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return strings.EqualFold(base[i:], ".exe") && i > 0
	}
	for _, n := range textNames {
		if strings.EqualFold(base, n) {
			return false
		}
	}
	return true
}
