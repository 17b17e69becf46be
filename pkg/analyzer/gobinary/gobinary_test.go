package gobinary

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/testenv"
)

// goTool returns the go command on PATH, which is normally the toolchain
// running the test.
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command: %v", err)
	}
	return p
}

func writeFiles(dir string, files map[string]string) error {
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// addProxyModule publishes a module in a file-system GOPROXY, so builds
// resolve real versioned modules without a network.
func addProxyModule(proxy, modPath, version string, files map[string]string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(modPath + "@" + version + "/" + name)
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(body)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return writeFiles(filepath.Join(proxy, filepath.FromSlash(modPath), "@v"), map[string]string{
		"list":            version + "\n",
		version + ".info": `{"Version":"` + version + `","Time":"2024-01-02T03:04:05Z"}`,
		version + ".mod":  files["go.mod"],
		version + ".zip":  buf.String(),
	})
}

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  error
)

// fixture lays out, once per test binary, a file proxy with three
// published modules, a local module, and an application requiring them
// with a directory replacement and a module replacement. It returns the
// directory and the environment go commands run in.
func fixture(t *testing.T) (root string, env []string) {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureDir, fixtureErr = os.MkdirTemp("", "gobinary-test-")
		if fixtureErr == nil {
			fixtureErr = layOut(fixtureDir)
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	// Clipped, so callers appending to it never share a backing array.
	return fixtureDir, slices.Clip(append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(filepath.Join(fixtureDir, "proxy")),
		"GOSUMDB=off",
		"GONOSUMDB=*",
		"GOTOOLCHAIN=local",
		"GOWORK=off",
		"GOFLAGS=-modcacherw -buildvcs=false",
		"GOPATH="+filepath.Join(fixtureDir, "gopath"),
		"GOBIN=",
		"CGO_ENABLED=0",
	))
}

func layOut(root string) error {
	proxy := filepath.Join(root, "proxy")
	if err := addProxyModule(proxy, "example.com/plain", "v0.3.0", map[string]string{
		"go.mod":   "module example.com/plain\n\ngo 1.21\n",
		"plain.go": "package plain\n\nfunc Name() string { return \"plain\" }\n",
	}); err != nil {
		return err
	}
	// A fork keeps the module path of what it forks.
	if err := addProxyModule(proxy, "example.com/fork", "v1.5.0", map[string]string{
		"go.mod": "module example.com/old\n\ngo 1.21\n",
		"old.go": "package old\n\nfunc Name() string { return \"fork\" }\n",
	}); err != nil {
		return err
	}
	if err := addProxyModule(proxy, "example.com/tool", "v1.0.0", map[string]string{
		"go.mod":  "module example.com/tool\n\ngo 1.21\n\nrequire example.com/plain v0.3.0\n",
		"main.go": "package main\n\nimport \"example.com/plain\"\n\nfunc main() { println(plain.Name()) }\n",
	}); err != nil {
		return err
	}
	return writeFiles(root, map[string]string{
		"dep/go.mod": "module example.com/dep\n\ngo 1.21\n",
		"dep/dep.go": "package dep\n\nfunc Name() string { return \"dep\" }\n",
		"app/go.mod": `module example.com/app

go 1.21

require (
	example.com/dep v1.2.3
	example.com/old v1.0.0
	example.com/plain v0.3.0
)

replace example.com/dep v1.2.3 => ../dep

replace example.com/old => example.com/fork v1.5.0
`,
		"app/main.go": `package main

import (
	"example.com/dep"
	"example.com/old"
	"example.com/plain"
)

func main() { println(dep.Name(), old.Name(), plain.Name()) }
`,
	})
}

func run(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(goTool(t), args...)
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// stdlib returns the stdlib version the fixture binaries must report:
// runtime.Version converted, when the go command on PATH is the toolchain
// running the test, as under go test; otherwise that command's version.
func stdlib(t *testing.T) string {
	t.Helper()
	_, env := fixture(t)
	cmd := exec.Command(goTool(t), "env", "GOVERSION")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go env GOVERSION: %v", err)
	}
	goVersion := strings.TrimSpace(string(out))
	if goVersion != runtime.Version() {
		t.Logf("go command is %s, the test runs on %s", goVersion, runtime.Version())
	}
	v, ok := StdlibVersion(goVersion)
	if !ok {
		testenv.Skip(t, "toolchain %s is not a release", goVersion)
	}
	return v
}

func TestParseBuiltBinaries(t *testing.T) {
	root, env := fixture(t)
	for _, target := range []struct{ goos, goarch, magic string }{
		{"linux", "amd64", "\x7fELF"},
		{"windows", "amd64", "MZ"},
		{"darwin", "arm64", "\xcf\xfa\xed\xfe"},
	} {
		t.Run(target.goos, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "app")
			run(t, filepath.Join(root, "app"), append(env, "GOOS="+target.goos, "GOARCH="+target.goarch),
				"build", "-mod=mod", "-trimpath", "-o", out, ".")
			content, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(content), target.magic) {
				t.Fatalf("built file starts with %q", content[:4])
			}
			const path = "usr/local/bin/app"
			got, err := New().Parse(context.Background(), path, content)
			if err != nil {
				t.Fatal(err)
			}
			// The main module is "(devel)" and left out; the directory
			// replacement has no version; the module replacement
			// reports the fork.
			want := []inventory.Package{
				{Name: "example.com/dep", Version: ""},
				{Name: "example.com/fork", Version: "v1.5.0"},
				{Name: "example.com/plain", Version: "v0.3.0"},
				{Name: "stdlib", Version: stdlib(t)},
			}
			for i := range want {
				want[i].Ecosystem, want[i].Path = inventory.EcosystemGo, path
			}
			if !slices.Equal(got, want) {
				t.Fatalf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestParseInstalledMainModule(t *testing.T) {
	root, env := fixture(t)
	bin := t.TempDir()
	run(t, root, append(env, "GOBIN="+bin), "install", "-trimpath", "example.com/tool@v1.0.0")
	content, err := os.ReadFile(filepath.Join(bin, "tool"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := New().Parse(context.Background(), "go/bin/tool", content)
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.Package{
		{Name: "example.com/plain", Version: "v0.3.0"},
		{Name: "example.com/tool", Version: "v1.0.0"},
		{Name: "stdlib", Version: stdlib(t)},
	}
	for i := range want {
		want[i].Ecosystem, want[i].Path = inventory.EcosystemGo, "go/bin/tool"
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}

	// Without its build info magic the same file is an ELF, not a Go
	// executable.
	stripped := bytes.ReplaceAll(content, buildInfoMagic, make([]byte, len(buildInfoMagic)))
	if got, err := New().Parse(context.Background(), "go/bin/tool", stripped); got != nil || err != nil {
		t.Fatalf("stripped: %v, %v", got, err)
	}
	// Truncated executables must not panic; whatever they yield is fine.
	for _, n := range []int{16, 64, 4096, len(content) / 3, len(content) / 2, len(content) - 1} {
		_, _ = New().Parse(context.Background(), "x", content[:n])
	}
}

func TestParseNotGo(t *testing.T) {
	a := New()
	for name, content := range map[string][]byte{
		"empty":      nil,
		"text":       []byte("#!/bin/sh\necho hello\n"),
		"short elf":  []byte("\x7fELF"),
		"bogus elf":  []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00 garbage \xff Go buildinf: more"),
		"bogus pe":   append([]byte("MZ\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), buildInfoMagic...),
		"java class": append([]byte("\xca\xfe\xba\xbe\x00\x00\x00\x41\x00\x10\x00\x00\x00\x00\x00\x00"), buildInfoMagic...),
		"magic only": buildInfoMagic,
	} {
		got, err := a.Parse(context.Background(), "bin/x", content)
		if got != nil || err != nil {
			t.Errorf("%s: %v, %v", name, got, err)
		}
	}
}

func TestParseCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	content := append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"), buildInfoMagic...)
	if _, err := New().Parse(ctx, "bin/x", content); err == nil {
		t.Fatal("no error for a cancelled context")
	}
}

func TestStdlibVersion(t *testing.T) {
	for in, want := range map[string]string{
		"go1.21.3":                         "v1.21.3",
		"go1.26.8":                         "v1.26.8",
		"go1.20":                           "v1.20.0",
		"go1.9":                            "v1.9.0",
		"go1.22rc1":                        "v1.22.0-rc.1",
		"go1.21beta2":                      "v1.21.0-beta.2",
		"go1.22.3 X:boringcrypto":          "v1.22.3",
		"go1.26.0-X:nodwarf5":              "v1.26.0",
		"go1.22rc2 X:loopvar":              "v1.22.0-rc.2",
		"go1.22.7 (Red Hat 1.22.7-2.el9)":  "v1.22.7",
		"go1.22.5-1":                       "v1.22.5",
		"go1.21.0+corp":                    "v1.21.0",
		"devel go1.23-abcdef Tue Jan 2 +0": "",
		"devel +b1a2c3d4":                  "",
		"":                                 "",
		"go":                               "",
		"go1":                              "",
		"go1.":                             "",
		"go1..2":                           "",
		"go1.2.3.4":                        "",
		"go01.2":                           "",
		"go1.22.1rc1":                      "",
		"go1.22rc":                         "",
		"go1.22rc01":                       "",
		"go1.22gamma1":                     "",
		"go1.22.0x":                        "",
		"1.22.0":                           "",
	} {
		got, ok := StdlibVersion(in)
		if got != want || ok != (want != "") {
			t.Errorf("StdlibVersion(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := StdlibVersion(runtime.Version()); !ok && !strings.HasPrefix(runtime.Version(), "devel") {
		t.Errorf("runtime version %q not recognised", runtime.Version())
	}
}

func TestRequired(t *testing.T) {
	a := New()
	for p, want := range map[string]bool{
		"usr/local/bin/kubectl":   true,
		"usr/bin/python3.11":      true,
		"bin/sh":                  true,
		"sbin/init":               true,
		"usr/sbin/nginx":          true,
		"go/bin/dlv":              true,
		"root/go/bin/gopls":       true,
		"root/.cargo/bin/ripgrep": true,
		"home/u/.local/bin/tool":  true,
		"manager":                 true,
		"coredns":                 true,
		"app/server":              true,
		"app/main":                true,
		"ko-app/controller":       true,
		"opt/tool/tool":           true,
		"usr/libexec/docker/cli-plugins/docker-buildx": true,
		"var/task/bootstrap":                           true,
		"usr/local/go/pkg/tool/linux_amd64/compile":    true,
		"tools/win/tool.exe":                           true,
		"tools/win/TOOL.EXE":                           true,
		"node_modules/@esbuild/linux-x64/bin/esbuild":  true,
		"etc/passwd":                                   false,
		"etc/bin/x":                                    false,
		"usr/share/doc/bash/copyright":                 false,
		"usr/share/zoneinfo/UTC":                       false,
		"var/lib/dpkg/status":                          false,
		"var/lib/rpm/Packages":                         false,
		"usr/lib/sysimage/rpm/Packages":                false,
		"usr/lib/locale/C.utf8/LC_CTYPE":               false,
		"usr/lib/locale/locale-archive":                false,
		"usr/lib64/locale/locale-archive":              false,
		"usr/lib/jvm/java-17/lib/modules":              false,
		"proc/1/status":                                false,
		"root/go/pkg/mod/example.com/x@v1.0.0/LICENSE": false,
		"go/pkg/mod/cache/download/x/@v/list":          false,
		"root/.cache/go-build/ab/abcdef-d":             false,
		"src/.git/HEAD":                                false,
		"app/LICENSE":                                  false,
		"app/Makefile":                                 false,
		"app/config.yaml":                              false,
		"usr/lib/x86_64-linux-gnu/libc.so.6":           false,
		".exe":                                         false,
		".bashrc":                                      false,
		"usr/bin/":                                     false,
		"":                                             false,
	} {
		if got := a.Required(p); got != want {
			t.Errorf("Required(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestIsExecutable(t *testing.T) {
	pad := make([]byte, 12)
	for name, tc := range map[string]struct {
		head string
		want bool
	}{
		"elf":             {"\x7fELF", true},
		"pe":              {"MZ\x90\x00", true},
		"macho 64 le":     {"\xcf\xfa\xed\xfe", true},
		"macho 32 le":     {"\xce\xfa\xed\xfe", true},
		"macho 64 be":     {"\xfe\xed\xfa\xcf", true},
		"universal 2":     {"\xca\xfe\xba\xbe\x00\x00\x00\x02", true},
		"universal 64":    {"\xca\xfe\xba\xbf\x00\x00\x00\x01", true},
		"universal empty": {"\xca\xfe\xba\xbe\x00\x00\x00\x00", false},
		"universal many":  {"\xca\xfe\xba\xbe\x00\x10\x00\x00", false},
		"java 21 class":   {"\xca\xfe\xba\xbe\x00\x00\x00\x41", false},
		"script":          {"#!/bin/sh\n", false},
		"macho bad":       {"\xfe\xed\xfa\x00", false},
	} {
		if got := IsExecutable(append([]byte(tc.head), pad...)); got != tc.want {
			t.Errorf("%s: got %v", name, got)
		}
	}
	if IsExecutable([]byte("\x7fELF")) {
		t.Error("4 bytes taken for an executable")
	}
}
