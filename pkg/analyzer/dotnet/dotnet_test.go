package dotnet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/analyzer/pkgset"
	"github.com/palisadesec/palisade/pkg/inventory"
)

const testdata = "../../../testdata/analyzer/dotnet"

func dump(pkgs []inventory.Package) string {
	var b strings.Builder
	for _, p := range pkgs {
		fmt.Fprintf(&b, "  %s %s %s %s\n", p.Name, p.Version, p.Ecosystem, p.Path)
	}
	return b.String()
}

func nuget(path string, nv ...string) []inventory.Package {
	var pkgs []inventory.Package
	for i := 0; i+1 < len(nv); i += 2 {
		pkgs = append(pkgs, inventory.Package{Name: nv[i], Version: nv[i+1], Ecosystem: inventory.EcosystemNuGet, Path: path})
	}
	return pkgs
}

type parser interface {
	Name() string
	Required(string) bool
	Parse(context.Context, string, []byte) ([]inventory.Package, error)
}

func TestRequired(t *testing.T) {
	deps, lock, config := NewDepsJSON(), NewPackagesLock(), NewPackagesConfig()
	for path, want := range map[string][3]bool{
		"app/WebApi.deps.json":             {true, false, false},
		"WebApi.deps.json":                 {true, false, false},
		"app/.deps.json":                   {false, false, false},
		"app/WebApi.runtimeconfig.json":    {false, false, false},
		"app/WebApi.deps.json.bak":         {false, false, false},
		"src/WebApi/packages.lock.json":    {false, true, false},
		"packages.lock.json":               {false, true, false},
		"src/WebApi/package-lock.json":     {false, false, false},
		"src/WebApi/my.packages.lock.json": {false, false, false},
		"src/Legacy/packages.config":       {false, false, true},
		"packages.config":                  {false, false, true},
		"src/Legacy/web.config":            {false, false, false},
		"src/Legacy/packages.config/x":     {false, false, false},
	} {
		for i, a := range []parser{deps, lock, config} {
			if got := a.Required(path); got != want[i] {
				t.Errorf("%s.Required(%q) = %v", a.Name(), path, got)
			}
		}
	}
}

func TestFixtures(t *testing.T) {
	const (
		app    = "app/bin/WebApi.deps.json"
		worker = "selfcontained/Worker.deps.json"
		lock   = "src/WebApi/packages.lock.json"
		config = "src/Legacy/packages.config"
	)
	tests := []struct {
		fixture string
		a       parser
		want    []inventory.Package
	}{
		{
			// Projects (WebApi, Shared) are not packages; Microsoft.Bcl.AsyncInterfaces
			// and Microsoft.NETCore.Platforms ship no assets in the runtime target;
			// System.Text.Encodings.Web is missing from the target and so kept.
			fixture: app, a: NewDepsJSON(),
			want: nuget(app,
				"Azure.Core", "1.36.0",
				"Azure.Identity", "1.10.4",
				"Microsoft.Data.SqlClient", "5.1.2",
				"Microsoft.Data.SqlClient.SNI.runtime", "5.1.1",
				"Microsoft.Identity.Client", "4.56.0",
				"Newtonsoft.Json", "13.0.3",
				"System.Memory.Data", "1.0.2",
				"System.Text.Encodings.Web", "4.7.2",
			),
		},
		{
			// A self-contained app bundles the runtime, reported under the runtime
			// pack's NuGet name.
			fixture: worker, a: NewDepsJSON(),
			want: nuget(worker,
				"Microsoft.NETCore.App.Runtime.linux-x64", "8.0.0",
				"Serilog", "3.1.1",
			),
		},
		{
			// Three target frameworks repeat most packages; Newtonsoft.Json resolves
			// differently for net6.0 and net8.0, so both versions are reported.
			// CentralTransitive entries are packages; the Project entry is not.
			fixture: lock, a: NewPackagesLock(),
			want: nuget(lock,
				"Microsoft.Data.SqlClient.SNI.runtime", "5.1.1",
				"Microsoft.Extensions.DependencyInjection", "8.0.0",
				"Microsoft.Extensions.DependencyInjection.Abstractions", "8.0.0",
				"Microsoft.Extensions.Logging", "8.0.0",
				"Microsoft.Extensions.Logging.Abstractions", "8.0.0",
				"Newtonsoft.Json", "13.0.1",
				"Newtonsoft.Json", "13.0.3",
				"System.Runtime.CompilerServices.Unsafe", "6.0.0",
				"System.Text.Json", "8.0.4",
			),
		},
		{
			// The file starts with a byte order mark, as Visual Studio writes it;
			// the two development dependencies are left out.
			fixture: config, a: NewPackagesConfig(),
			want: nuget(config,
				"EntityFramework", "6.4.4",
				"Microsoft.AspNet.Mvc", "5.2.9",
				"Microsoft.CodeDom.Providers.DotNetCompilerPlatform", "2.0.1",
				"Newtonsoft.Json", "13.0.1",
				"log4net", "2.0.15",
			),
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join(testdata, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.a.Required(tt.fixture) {
				t.Fatalf("Required(%q) = false", tt.fixture)
			}
			for i := 0; i < 5; i++ { // map iteration order must not show
				got, err := tt.a.Parse(context.Background(), tt.fixture, content)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("got\n%swant\n%s", dump(got), dump(tt.want))
				}
			}
		})
	}
}

func TestParse(t *testing.T) {
	const path = "x"
	tests := []struct {
		name, content string
		a             parser
		want          []string
		wantErr       error
	}{
		{name: "empty deps", a: NewDepsJSON()},
		{name: "blank lock", content: "\r\n", a: NewPackagesLock()},
		{name: "blank config", content: " ", a: NewPackagesConfig()},
		{
			name:    "deps without libraries",
			content: `{"runtimeTarget": {"name": "t"}, "targets": {"t": {"A/1.0.0": {"runtime": {"A.dll": {}}}}}}`,
			a:       NewDepsJSON(),
		},
		{
			name:    "deps without the runtime target keeps every package",
			content: `{"runtimeTarget": {"name": ".NETCoreApp,Version=v5.0"}, "targets": {".NETCoreApp,Version=v6.0": {"A/1.0.0": {}}}, "libraries": {"A/1.0.0": {"type": "package"}, "B/2.0.0": {"type": "Package"}, "C/3.0.0": {"type": "project"}}}`,
			a:       NewDepsJSON(),
			want:    []string{"A", "1.0.0", "B", "2.0.0"},
		},
		{
			name:    "deps asset kinds and null",
			content: `{"runtimeTarget": {"name": "t"}, "targets": {"t": {"A/1": {"runtime": null}, "B/1": {"native": {}}, "C/1": {"runtimeTargets": {"x": {}}}, "D/1": {"resources": {"x": {}}}, "E/1": {"runtime": {}}}}, "libraries": {"A/1": {"type": "package"}, "B/1": {"type": "package"}, "C/1": {"type": "package"}, "D/1": {"type": "package"}, "E/1": {"type": "package"}}}`,
			a:       NewDepsJSON(),
			want:    []string{"B", "1", "C", "1", "E", "1"},
		},
		{
			name:    "deps malformed library keys and types",
			content: `{"libraries": {"A": {"type": "package"}, "/1.0": {"type": "package"}, "B/": {"type": "package"}, "C/1.0": {"type": "reference"}, "D/1.0": {}, "runtimepack./1.0": {"type": "runtimepack"}, "E/1.0/x": {"type": "package"}}}`,
			a:       NewDepsJSON(),
		},
		{name: "deps not an object", content: `[]`, a: NewDepsJSON(), wantErr: errAny},
		{name: "deps unrelated JSON", content: `{"name": "x"}`, a: NewDepsJSON(), wantErr: ErrNotDeps},
		{name: "deps wrong type", content: `{"libraries": {"A/1": {"type": 1}}}`, a: NewDepsJSON(), wantErr: errAny},
		{
			name:    "lock skips projects and empty versions",
			content: `{"version": 1, "dependencies": {"net48": {"A": {"type": "Direct", "resolved": "1.0.0"}, "B": {"type": "project"}, "C": {"type": "Transitive"}, "D": {"type": "Transitive", "resolved": " 1"}}}}`,
			a:       NewPackagesLock(),
			want:    []string{"A", "1.0.0"},
		},
		{name: "lock without dependencies", content: `{"version": 1}`, a: NewPackagesLock(), wantErr: ErrNotLockfile},
		{name: "lock with empty dependencies", content: `{"version": 1, "dependencies": {}}`, a: NewPackagesLock()},
		{name: "lock not JSON", content: `<packages/>`, a: NewPackagesLock(), wantErr: errAny},
		{
			name:    "config duplicates, blanks and odd flags",
			content: `<packages><package id="A" version="1.0"/><package id="A" version="1.0"/><package id=" B " version=" 2.0 " developmentDependency="false"/><package id="C"/><package version="1"/><package id="D" version="1" developmentDependency="yes"/><other id="E" version="1"/></packages>`,
			a:       NewPackagesConfig(),
			want:    []string{"A", "1.0", "B", "2.0", "D", "1"},
		},
		{name: "config wrong root", content: `<project><package id="A" version="1"/></project>`, a: NewPackagesConfig(), wantErr: errAny},
		{name: "config not XML", content: `{"packages": []}`, a: NewPackagesConfig(), wantErr: errAny},
		{name: "config unterminated", content: `<packages><package id="A" version="1">`, a: NewPackagesConfig(), wantErr: errAny},
		{name: "config entity", content: `<!DOCTYPE packages [<!ENTITY x "1.0">]><packages><package id="A" version="&x;"/></packages>`, a: NewPackagesConfig(), wantErr: errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.a.Parse(context.Background(), path, []byte(tt.content))
			if tt.wantErr != nil {
				if err == nil || got != nil || (tt.wantErr != errAny && !errors.Is(err, tt.wantErr)) {
					t.Fatalf("got %v, %v; want %v", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := nuget(path, tt.want...); !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%swant\n%s", dump(got), dump(want))
			}
		})
	}
}

// errAny stands for any decoding error.
var errAny = errors.New("any error")

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, a := range []parser{NewDepsJSON(), NewPackagesLock(), NewPackagesConfig()} {
		if _, err := a.Parse(ctx, "x", []byte(`{}`)); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got %v", a.Name(), err)
		}
	}
}

func fuzz(f *testing.F, a parser, fixtures []string, seeds ...string) {
	for _, name := range fixtures {
		if b, err := os.ReadFile(filepath.Join(testdata, name)); err == nil {
			f.Add(b)
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		pkgs, err := a.Parse(context.Background(), "x", content)
		if err != nil {
			if pkgs != nil {
				t.Fatal("packages returned with an error")
			}
			return
		}
		seen := map[[2]string]bool{}
		for _, p := range pkgs {
			if !pkgset.ValidToken(p.Name) || !pkgset.ValidToken(p.Version) || p.Ecosystem != inventory.EcosystemNuGet || p.Path != "x" {
				t.Fatalf("bad package %+v", p)
			}
			if seen[[2]string{p.Name, p.Version}] {
				t.Fatalf("duplicate %+v", p)
			}
			seen[[2]string{p.Name, p.Version}] = true
		}
	})
}

func FuzzDepsJSON(f *testing.F) {
	fuzz(f, NewDepsJSON(), []string{"app/bin/WebApi.deps.json", "selfcontained/Worker.deps.json"},
		`{"runtimeTarget":{"name":"t"},"targets":{"t":{"runtimepack.A/1":{"native":null}}},"libraries":{"runtimepack.A/1":{"type":"runtimepack"},"A/1":{"type":"package"}}}`)
}

func FuzzPackagesLock(f *testing.F) {
	fuzz(f, NewPackagesLock(), []string{"src/WebApi/packages.lock.json"},
		`{"dependencies":{"a":{"X":{"type":"Direct","resolved":"1"}},"b":{"X":{"type":"Transitive","resolved":"1"}}}}`)
}

func FuzzPackagesConfig(f *testing.F) {
	fuzz(f, NewPackagesConfig(), []string{"src/Legacy/packages.config"},
		`<packages><package id="A" version="1" developmentDependency="TRUE"/><package id="B" version="2"/></packages>`)
}

// packageParser is the shape pkg/analyzer adapts; it cannot be imported
// from here.
type packageParser interface {
	Name() string
	Version() int
	Required(path string) bool
	Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error)
}

var _ = []packageParser{NewDepsJSON(), NewPackagesLock(), NewPackagesConfig()}
