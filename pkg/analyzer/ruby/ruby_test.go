package ruby

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

const testdata = "../../../testdata/analyzer/ruby"

func dump(pkgs []inventory.Package) string {
	var b strings.Builder
	for _, p := range pkgs {
		fmt.Fprintf(&b, "  %s %s %s %s\n", p.Name, p.Version, p.Ecosystem, p.Path)
	}
	return b.String()
}

func TestGemspecRequired(t *testing.T) {
	a := NewGemspec()
	for path, want := range map[string]bool{
		"usr/local/bundle/specifications/rack-2.2.8.gemspec":                  true,
		"var/lib/gems/3.1.0/specifications/x.gemspec":                         true,
		"usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec":   true,
		"app/vendor/bundle/ruby/3.2.0/specifications/nokogiri-1.15.4.gemspec": true,
		"specifications/a.gemspec":                                            true,
		"usr/lib/ruby/gems/3.1.0/specifications/.gemspec":                     false,
		"usr/lib/ruby/gems/3.1.0/specifications/a.gemspec.bak":                false,
		"usr/lib/ruby/gems/3.1.0/specifications/agemspec":                     false,
		"usr/lib/ruby/gems/3.1.0/specifications/other/a.gemspec":              false,
		"usr/lib/ruby/gems/3.1.0/gems/rack-2.2.8/rack.gemspec":                false,
		"src/default/a.gemspec":                                               false,
		"a.gemspec":                                                           false,
		"myspecifications/a.gemspec":                                          false,
	} {
		if got := a.Required(path); got != want {
			t.Errorf("Required(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestGemspecFixtures(t *testing.T) {
	a := NewGemspec()
	for fixture, want := range map[string][2]string{
		"usr/local/bundle/specifications/rack-2.2.8.gemspec": {"rack", "2.2.8"},
		// A platform gem: the platform is its own attribute, not part of the version.
		"usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec": {"nokogiri", "1.15.4"},
		"usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec":    {"json", "2.6.1"},
	} {
		t.Run(fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join(testdata, fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !a.Required(fixture) {
				t.Fatalf("Required(%q) = false", fixture)
			}
			got, err := a.Parse(context.Background(), fixture, content)
			if err != nil {
				t.Fatal(err)
			}
			wantPkgs := []inventory.Package{gem(want[0], want[1], fixture)}
			if !reflect.DeepEqual(got, wantPkgs) {
				t.Errorf("got\n%swant\n%s", dump(got), dump(wantPkgs))
			}
			crlf := strings.ReplaceAll(string(content), "\n", "\r\n")
			if got, err := a.Parse(context.Background(), fixture, []byte(crlf)); err != nil || !reflect.DeepEqual(got, wantPkgs) {
				t.Errorf("CRLF: got\n%s%v", dump(got), err)
			}
		})
	}
}

func TestGemspecParse(t *testing.T) {
	const path = "specifications/x.gemspec"
	tests := []struct {
		name, content string
		want          [2]string
		wantErr       bool
	}{
		{name: "empty"},
		{name: "blank", content: "\n  \n"},
		{
			name:    "other variable name, comment after the value",
			content: "Gem::Specification.new do |spec|\n    spec.name = \"async\".freeze # comment\n    spec.version = \"1.25.0\"\nend\n",
			want:    [2]string{"async", "1.25.0"},
		},
		{
			name:    "Gem::Version wrapper and single quotes",
			content: "Gem::Specification.new do |s|\n  s.name = 'rake'\n  s.version = Gem::Version.new(\"13.0.6\").freeze\nend\n",
			want:    [2]string{"rake", "13.0.6"},
		},
		{
			name:    "brace block, no spaces around =",
			content: "Gem::Specification.new { |g|\n  g.version=\"1.0.0.pre.rc1\"\n  g.name=\"x-y_z\"\n}\n",
			want:    [2]string{"x-y_z", "1.0.0.pre.rc1"},
		},
		{
			name:    "assignments before the block are not the spec's",
			content: "s.name = \"wrong\"\nGem::Specification.new do |s|\n  s.name = \"right\".freeze\n  s.version = \"1\"\nend\n",
			want:    [2]string{"right", "1"},
		},
		{
			name:    "similar attributes are not name or version",
			content: "Gem::Specification.new do |s|\n  s.names = \"a\"\n  s.version_x = \"9\"\n  s.name == \"b\"\n  s.name = \"c\"\n  s.version = \"2\"\nend\n",
			want:    [2]string{"c", "2"},
		},
		{
			name:    "first assignment wins",
			content: "Gem::Specification.new do |s|\n  s.name = \"a\"\n  s.name = \"b\"\n  s.version = \"1\"\n  s.version = \"2\"\nend\n",
			want:    [2]string{"a", "1"},
		},
		{
			name:    "wrong variable",
			content: "Gem::Specification.new do |spec|\n    s.name = \"async\".freeze\n    s.version = \"1.25.0\"\nend\n",
			wantErr: true,
		},
		{
			name:    "missing version",
			content: "Gem::Specification.new do |s|\n  s.name = \"async\".freeze\nend\n",
			wantErr: true,
		},
		{
			name:    "computed version",
			content: "Gem::Specification.new do |s|\n  s.name = \"async\"\n  s.version = Async::VERSION\nend\n",
			wantErr: true,
		},
		{
			name:    "concatenated or escaped values",
			content: "Gem::Specification.new do |s|\n  s.name = \"a\" + \"b\"\n  s.name = \"a\\\"b\"\n  s.name = \"a b\"\n  s.version = \"1\"\nend\n",
			wantErr: true,
		},
		{
			name:    "unterminated literal",
			content: "Gem::Specification.new do |s|\n  s.name = \"abc\n  s.version = \"1\"\nend\n",
			wantErr: true,
		},
		{
			name:    "no block variable",
			content: "Gem::Specification.new do\n  name = \"a\"\n  version = \"1\"\nend\n",
			wantErr: true,
		},
		{
			name:    "not a gemspec",
			content: "\x00\x01binary",
			wantErr: true,
		},
	}
	a := NewGemspec()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Parse(context.Background(), path, []byte(tt.content))
			if tt.wantErr {
				if !errors.Is(err, ErrNoSpec) || got != nil {
					t.Fatalf("got %v, %v; want ErrNoSpec", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []inventory.Package
			if tt.want[0] != "" {
				want = []inventory.Package{gem(tt.want[0], tt.want[1], path)}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%swant\n%s", dump(got), dump(want))
			}
		})
	}
}

func TestGemfileLockRequired(t *testing.T) {
	a := NewGemfileLock()
	for path, want := range map[string]bool{
		"Gemfile.lock":            true,
		"app/Gemfile.lock":        true,
		"app/gems.locked":         false,
		"app/Gemfile":             false,
		"app/MyGemfile.lock":      false,
		"app/Gemfile.lock/x":      false,
		"app/Gemfile.lock.backup": false,
	} {
		if got := a.Required(path); got != want {
			t.Errorf("Required(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestGemfileLockFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    [][2]string
	}{
		{
			fixture: "app/Gemfile.lock",
			// GIT and PATH specs count too, as in Trivy; nokogiri is locked for
			// three platforms and reported once; sqlite3 only has a platform build.
			want: [][2]string{
				{"concurrent-ruby", "1.2.2"},
				{"crass", "1.0.6"},
				{"loofah", "2.21.4"},
				{"mini_portile2", "2.8.5"},
				{"myapp", "0.1.0"},
				{"nokogiri", "1.15.4"},
				{"racc", "1.7.3"},
				{"rack", "2.2.8"},
				{"rails-html-sanitizer", "1.6.0"},
				{"sqlite3", "1.6.9"},
			},
		},
		{
			// Bundler 2.6 writes CHECKSUMS, whose entries look like specs at
			// another indentation.
			fixture: "checksums/Gemfile.lock",
			want:    [][2]string{{"rack", "3.1.8"}, {"rackup", "2.2.1"}},
		},
	}
	a := NewGemfileLock()
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join(testdata, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !a.Required(tt.fixture) {
				t.Fatalf("Required(%q) = false", tt.fixture)
			}
			var want []inventory.Package
			for _, nv := range tt.want {
				want = append(want, gem(nv[0], nv[1], tt.fixture))
			}
			for _, variant := range []string{string(content), strings.ReplaceAll(string(content), "\n", "\r\n"), "\ufeff" + string(content)} {
				got, err := a.Parse(context.Background(), tt.fixture, []byte(variant))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got\n%swant\n%s", dump(got), dump(want))
				}
			}
		})
	}
}

func TestGemfileLockParse(t *testing.T) {
	const path = "Gemfile.lock"
	tests := []struct {
		name, content string
		want          [][2]string
		wantErr       error
	}{
		{name: "empty"},
		{name: "blank", content: "\n\n  \n"},
		{name: "no gems", content: "GEM\n  remote: https://rubygems.org/\n  specs:\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n\nBUNDLED WITH\n   2.4.22\n"},
		{name: "not a lock file", content: "malformed\n", wantErr: ErrNotLockfile},
		{
			name:    "4-space lines outside specs are not gems",
			content: "GEM\n  remote: https://rubygems.org/\n    stray (1.0)\n  specs:\n    a (1.0)\n\nDEPENDENCIES\n    b (2.0)\nPLATFORMS\n    c (3.0)\n",
			want:    [][2]string{{"a", "1.0"}},
		},
		{
			name:    "malformed entries are skipped",
			content: "GEM\n  specs:\n    a\n    b 1.0\n    c (1.0) extra\n    d ()\n    e (-x86_64-linux)\n    f ((1))\n\t  g (1.0)\n     h (1.0)\n    i (2.0.0.rc1)\n",
			want:    [][2]string{{"i", "2.0.0.rc1"}},
		},
		{
			name:    "platform suffixes",
			content: "GEM\n  specs:\n    google-protobuf (3.25.1-x86_64-linux)\n    ffi (1.16.3-x64-mingw-ucrt)\n    grpc (1.60.0-x86_64-linux)\n    grpc (1.60.0)\n",
			want:    [][2]string{{"ffi", "1.16.3"}, {"google-protobuf", "3.25.1"}, {"grpc", "1.60.0"}},
		},
		{
			name:    "indented section headers are not sections",
			content: "  GEM\n  specs:\n    a (1.0)\n",
			wantErr: ErrNotLockfile,
		},
	}
	a := NewGemfileLock()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Parse(context.Background(), path, []byte(tt.content))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || got != nil {
					t.Fatalf("got %v, %v; want %v", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []inventory.Package
			for _, nv := range tt.want {
				want = append(want, gem(nv[0], nv[1], path))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%swant\n%s", dump(got), dump(want))
			}
		})
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	big := []byte("GEM\n  specs:\n" + strings.Repeat("    a (1.0)\n", 70000))
	if _, err := NewGemfileLock().Parse(ctx, "Gemfile.lock", big); !errors.Is(err, context.Canceled) {
		t.Errorf("Gemfile.lock: got %v", err)
	}
	spec := []byte("Gem::Specification.new do |s|\n" + strings.Repeat("  s.x = 1\n", 70000))
	if _, err := NewGemspec().Parse(ctx, "specifications/a.gemspec", spec); !errors.Is(err, context.Canceled) {
		t.Errorf("gemspec: got %v", err)
	}
}

func checkFuzzed(t *testing.T, pkgs []inventory.Package, err error, path string) {
	t.Helper()
	if err != nil {
		if pkgs != nil {
			t.Fatal("packages returned with an error")
		}
		return
	}
	seen := map[[2]string]bool{}
	for _, p := range pkgs {
		if !pkgset.ValidToken(p.Name) || !pkgset.ValidToken(p.Version) || p.Ecosystem != inventory.EcosystemRubyGems || p.Path != path {
			t.Fatalf("bad package %+v", p)
		}
		if seen[[2]string{p.Name, p.Version}] {
			t.Fatalf("duplicate %+v", p)
		}
		seen[[2]string{p.Name, p.Version}] = true
	}
}

func FuzzGemspec(f *testing.F) {
	for _, name := range []string{
		"usr/local/bundle/specifications/rack-2.2.8.gemspec",
		"usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec",
	} {
		if b, err := os.ReadFile(filepath.Join(testdata, name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Gem::Specification.new { |s|\r\n s.name = Gem::Version.new('a').freeze if x\r\n s.version='1'#\r\n}"))
	f.Add([]byte("Gem::Specification.new||\ns.name=\"\n"))
	a := NewGemspec()
	const path = "specifications/x.gemspec"
	f.Fuzz(func(t *testing.T, content []byte) {
		pkgs, err := a.Parse(context.Background(), path, content)
		checkFuzzed(t, pkgs, err, path)
		if err == nil && len(pkgs) > 1 {
			t.Fatalf("%d packages from one specification", len(pkgs))
		}
	})
}

func FuzzGemfileLock(f *testing.F) {
	for _, name := range []string{"app/Gemfile.lock", "checksums/Gemfile.lock"} {
		if b, err := os.ReadFile(filepath.Join(testdata, name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("GIT\r\n  specs:\r\n    a (1-b)\r\n      b\r\n\tc (2)\r\n"))
	f.Add([]byte("\ufeffPLUGIN SOURCE\n  specs:\n    (1) (2)\n"))
	a := NewGemfileLock()
	f.Fuzz(func(t *testing.T, content []byte) {
		pkgs, err := a.Parse(context.Background(), "Gemfile.lock", content)
		checkFuzzed(t, pkgs, err, "Gemfile.lock")
		for _, p := range pkgs {
			if strings.ContainsAny(p.Version, "-()") {
				t.Fatalf("platform or parentheses left in %+v", p)
			}
		}
	})
}

// packageParser is the shape pkg/analyzer adapts; it cannot be imported
// from here.
type packageParser interface {
	Name() string
	Version() int
	Required(path string) bool
	Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error)
}

var _ = []packageParser{NewGemspec(), NewGemfileLock()}
