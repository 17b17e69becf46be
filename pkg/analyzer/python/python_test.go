package python

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

const testdata = "../../../testdata/analyzer/python"

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pkgs builds the expected packages of path from "name==version" strings.
func pkgs(path string, specs ...string) []inventory.Package {
	var out []inventory.Package
	for _, s := range specs {
		name, version, ok := strings.Cut(s, "==")
		if !ok {
			panic(s)
		}
		out = append(out, inventory.Package{Name: name, Version: version, Ecosystem: inventory.EcosystemPip, Path: path})
	}
	return out
}

func dump(pkgs []inventory.Package) string {
	var b strings.Builder
	for _, p := range pkgs {
		fmt.Fprintf(&b, "  %s==%s %s %s\n", p.Name, p.Version, p.Ecosystem, p.Path)
	}
	return b.String()
}

func check(t *testing.T, got, want []inventory.Package) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%swant\n%s", dump(got), dump(want))
	}
}

func TestInstalledFixtures(t *testing.T) {
	const sp = "usr/local/lib/python3.11/site-packages/"
	tests := []struct {
		fixture, path, want string
	}{
		{"pyyaml-6.0.3.dist-info/METADATA", sp + "pyyaml-6.0.3.dist-info/METADATA", "PyYAML==6.0.3"},
		{"pickleshare-0.7.5.dist-info/METADATA", sp + "pickleshare-0.7.5.dist-info/METADATA", "pickleshare==0.7.5"},
		{"mypy_extensions-1.1.0.dist-info/METADATA", sp + "mypy_extensions-1.1.0.dist-info/METADATA", "mypy_extensions==1.1.0"},
		{"PyJWT-2.6.0.egg-info/PKG-INFO", "usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info/PKG-INFO", "PyJWT==2.6.0"},
		{"lazr.restfulclient-0.14.5.egg-info/PKG-INFO", "usr/lib/python3/dist-packages/lazr.restfulclient-0.14.5.egg-info/PKG-INFO", "lazr.restfulclient==0.14.5"},
		{"wsgiref.egg-info", "usr/lib/python2.7/wsgiref.egg-info", "wsgiref==0.1.2"},
		{"Python-2.7.18-py2.7.egg-info", "usr/lib/python2.7/lib-dynload/Python-2.7.18-py2.7.egg-info", "Python==2.7.18"},
		// An unzipped egg keeps its metadata in EGG-INFO.
		{"wsgiref.egg-info", sp + "wsgiref-0.1.2-py2.7.egg/EGG-INFO/PKG-INFO", "wsgiref==0.1.2"},
	}
	a := NewInstalled()
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if !a.Required(tt.path) {
				t.Fatalf("Required(%q) = false", tt.path)
			}
			got, err := a.Parse(context.Background(), tt.path, read(t, "installed/"+tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			check(t, got, pkgs(tt.path, tt.want))
		})
	}
}

func TestInstalledParse(t *testing.T) {
	const path = "x.dist-info/METADATA"
	tests := []struct {
		name, content string
		want          []string
		wantErr       bool
	}{
		{name: "crlf and case", content: "Metadata-Version: 2.1\r\nname:  a_b \r\nVERSION: 1.0.post1+local.2\r\n\r\n", want: []string{"a_b==1.0.post1+local.2"}},
		{name: "bom", content: "\ufeffName: a\nVersion: 1\n", want: []string{"a==1"}},
		// The body is a description, which may quote metadata of its own.
		{name: "body not read", content: "Metadata-Version: 2.1\nName: a\n\nVersion: 9.9\n", wantErr: true},
		{name: "continuation not a header", content: "Name: a\nDescription: x\n Version: 9.9\n\tVersion: 9.9\nVersion: 1.0\n", want: []string{"a==1.0"}},
		{name: "first wins", content: "Name: a\nVersion: 1.0\nName: b\nVersion: 2.0\n", want: []string{"a==1.0"}},
		{name: "malformed lines skipped", content: "garbage\n: x\nName: a\nVersion: 1.0\n", want: []string{"a==1.0"}},
		{name: "unknown version", content: "Name: a\nVersion: UNKNOWN\n"},
		{name: "bad name", content: "Name: a b\nVersion: 1.0\n"},
		{name: "no version", content: "Name: a\n", wantErr: true},
		{name: "empty version", content: "Name: a\nVersion:\n", wantErr: true},
		{name: "empty", wantErr: true},
		{name: "binary", content: "\x00\x01\x02", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewInstalled().Parse(context.Background(), path, []byte(tt.content))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrNoMetadata) {
				t.Errorf("err = %v, want ErrNoMetadata", err)
			}
			check(t, got, pkgs(path, tt.want...))
		})
	}
}

func TestLockFixtures(t *testing.T) {
	tests := []struct {
		fixture, path string
		want          []string
	}{
		{
			// Dev- and docs-only groups and the directory dependency mylib
			// are left out; click and colorama are in main as well as dev.
			fixture: "poetry.lock", path: "app/poetry.lock",
			want: []string{
				"blinker==1.9.0", "click==8.1.8", "colorama==0.4.6", "flask==3.1.0", "itsdangerous==2.2.0", "jinja2==3.1.5",
				"markupsafe==3.0.2", "numpy==2.0.2", "numpy==2.2.2", "requests==2.32.3", "werkzeug==3.1.3",
			},
		},
		{
			fixture: "poetry_v1.lock", path: "poetry.lock",
			want: []string{"certifi==2023.5.7", "charset-normalizer==3.1.0", "idna==3.4", "requests==2.31.0", "urllib3==2.0.3"},
		},
		{
			// "develop" (with another urllib3) is left out, and so are the
			// editable and git entries, which have no version.
			fixture: "Pipfile.lock", path: "svc/Pipfile.lock",
			want: []string{
				"asgiref==3.8.1", "certifi==2024.8.30", "charset-normalizer==3.4.0", "django==4.2.16", "idna==3.10",
				"requests==2.32.3", "sqlparse==0.5.1", "typing-extensions==4.12.2", "urllib3==2.2.3",
			},
		},
		{
			// Reached from app and lib-b through dependencies and the socks
			// extra; pytest's tree is only in the dev group, except
			// packaging, which lib-b needs and exceptiongroup, which anyio
			// needs. app, lib-b and sibling are the tree's own projects.
			fixture: "uv.lock", path: "uv.lock",
			want: []string{
				"anyio==4.7.0", "attrs==24.3.0", "certifi==2024.12.14", "exceptiongroup==1.2.2", "h11==0.14.0",
				"httpcore==1.0.7", "httpx==0.28.1", "idna==3.10", "internal-sdk==2.1.0", "numpy==2.0.2", "numpy==2.2.1",
				"packaging==24.2", "pysocks==1.7.1", "six==1.17.0", "sniffio==1.3.1", "toolz==1.0.0", "typing-extensions==4.12.2",
			},
		},
		{
			fixture: "requirements.txt", path: "requirements.txt",
			want: []string{"asgiref==3.8.1", "django==4.2.16", "sqlparse==0.5.1", "typing-extensions==4.12.2"},
		},
		{
			fixture: "requirements-dev.txt", path: "ci/requirements-dev.txt",
			want: []string{
				"Sphinx==8.1.3", "black==24.10.0", "coverage==7.6.9", "numpy==1.26.4", "numpy==2.2.1", "pip-tools==7.4.1",
				"pytest==8.3.4", "requests==2.32.3", "ruff==0.8.4", "tox==4.23.2", "uvicorn==0.32.1",
			},
		},
		{
			fixture: "requirements_utf16le.txt", path: "requirements_utf16le.txt",
			want: []string{"flask==3.1.0", "werkzeug==3.1.3"},
		},
	}
	a := NewLock()
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			if !a.Required(tt.path) {
				t.Fatalf("Required(%q) = false", tt.path)
			}
			got, err := a.Parse(context.Background(), tt.path, read(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			check(t, got, pkgs(tt.path, tt.want...))
		})
	}
}

func TestRequired(t *testing.T) {
	installed := map[string]bool{
		"usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA": true,
		"venv/lib/python3.12/site-packages/a.dist-info/METADATA":      true,
		"a.egg-info/PKG-INFO":                                               true,
		"usr/lib/python2.7/wsgiref.egg-info":                                true,
		"site-packages/a-1.0-py2.7.egg/EGG-INFO/PKG-INFO":                   true,
		"site-packages/a-1.0.dist-info/RECORD":                              false,
		"site-packages/a-1.0.dist-info/WHEEL":                               false,
		"site-packages/a-1.0.egg-info/requires.txt":                         false,
		"site-packages/a-1.0.egg-info/METADATA":                             false,
		"site-packages/a/METADATA":                                          false,
		"site-packages/a/PKG-INFO":                                          false,
		".dist-info/METADATA":                                               false,
		".egg-info":                                                         false,
		"METADATA":                                                          false,
		"PKG-INFO":                                                          false,
		"site-packages/a-1.0.dist-info/METADATA.bak":                        false,
		"site-packages/a-1.0.dist-infox/METADATA":                           false,
		"site-packages/a-1.0.dist-info/sub/METADATA":                        false,
		"usr/share/doc/python3-six/changelog.egg-info.gz":                   false,
		"usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO":        true,
		"usr/lib/python3/dist-packages/six-1.16.0.egg-info/dependency_link": false,
	}
	locks := map[string]bool{
		"poetry.lock":                      true,
		"app/Pipfile.lock":                 true,
		"app/uv.lock":                      true,
		"requirements.txt":                 true,
		"app/requirements-dev.txt":         true,
		"app/requirements_prod.txt":        true,
		"app/requirements.in":              false,
		"app/requirement.txt":              false,
		"app/dev-requirements.txt":         false,
		"app/Pipfile":                      false,
		"app/pyproject.toml":               false,
		"app/pipfile.lock":                 false,
		"app/poetry.lock.bak":              false,
		"venv/lib/site-packages/a/uv.lock": false,
		"usr/lib/python3/dist-packages/x/requirements.txt": false,
		"node_modules/x/requirements.txt":                  false,
		"site-packages-old/requirements.txt":               true,
	}
	for p, want := range installed {
		if got := NewInstalled().Required(p); got != want {
			t.Errorf("Installed.Required(%q) = %v", p, got)
		}
		if NewLock().Required(p) {
			t.Errorf("Lock.Required(%q) = true", p)
		}
	}
	for p, want := range locks {
		if got := NewLock().Required(p); got != want {
			t.Errorf("Lock.Required(%q) = %v", p, got)
		}
		if NewInstalled().Required(p) {
			t.Errorf("Installed.Required(%q) = true", p)
		}
	}
}

func TestRequirementLines(t *testing.T) {
	tests := []struct {
		line, name, version string
	}{
		{line: "a==1.0", name: "a", version: "1.0"},
		{line: "  a == 1.0  ", name: "a", version: "1.0"},
		{line: "a[x, y]==1.0", name: "a", version: "1.0"},
		{line: "a [x] (== 1.0)", name: "a", version: "1.0"},
		{line: "a==1.0;python_version<'3'", name: "a", version: "1.0"},
		{line: "a>=0.5,==1.0", name: "a", version: "1.0"},
		{line: "a===1.0-custom", name: "a", version: "1.0-custom"},
		{line: "a==1!2.0.post1.dev3+local.7", name: "a", version: "1!2.0.post1.dev3+local.7"},
		{line: "a==1.0 --hash=sha256:00 --hash sha256:11", name: "a", version: "1.0"},
		{line: "a==1.0 # comment", name: "a", version: "1.0"},
		{line: "zope.interface==7.2", name: "zope.interface", version: "7.2"},
		{line: "a==1.0#frag"},
		{line: "a==1.*"},
		{line: "a==1.0.*"},
		{line: "a>=1.0"},
		{line: "a~=1.0"},
		{line: "a!=1.0"},
		{line: "a"},
		{line: "a=="},
		{line: "a = 1.0"},
		{line: "a @ https://example.com/a-1.0.tar.gz"},
		{line: "a@ file:///a"},
		{line: "https://example.com/a-1.0-py3-none-any.whl"},
		{line: "./a"},
		{line: "-e ."},
		{line: "--requirement other.txt"},
		{line: "-ra.txt"},
		{line: "# a==1.0"},
		{line: "${NAME}==1.0"},
		{line: "{{ name }}=={{ version }}"},
		{line: "-a==1.0"},
		{line: "a[x==1.0"},
		{line: "_a==1.0"},
	}
	for _, tt := range tests {
		name, version, ok := parseRequirement(tt.line)
		if name != tt.name || version != tt.version || ok != (tt.name != "") {
			t.Errorf("parseRequirement(%q) = %q, %q, %v", tt.line, name, version, ok)
		}
	}
}

func TestRequirementsJoining(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{name: "continued name", content: "req\\\nuests==2.0\n", want: []string{"requests==2.0"}},
		{name: "continued at end of file", content: "a==1.0 \\\n    --hash=sha256:00 \\", want: []string{"a==1.0"}},
		// A comment line ending in a backslash does not continue.
		{name: "comment with backslash", content: "# note \\\na==1.0\n", want: []string{"a==1.0"}},
		{name: "comment ends continuation", content: "a==1.0 \\\n# via b\nb==2.0\n", want: []string{"a==1.0", "b==2.0"}},
		{name: "duplicates", content: "a==1.0\na==1.0 ; os_name == 'nt'\n", want: []string{"a==1.0"}},
		{name: "overlong line", content: strings.Repeat("x", maxLogicalLine+1) + "==1.0\nb==2.0\n", want: []string{"b==2.0"}},
		{name: "overlong continuation", content: "a==1.0 \\\n" + strings.Repeat("  --hash=sha256:00 \\\n", maxLogicalLine/16) + "\nb==2.0\n", want: []string{"b==2.0"}},
		{name: "utf-16be", content: "\xfe\xff\x00a\x00=\x00=\x001\x00\n", want: []string{"a==1"}},
		{name: "utf-8 bom", content: "\xef\xbb\xbfa==1\n", want: []string{"a==1"}},
		{name: "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewLock().Parse(context.Background(), "requirements.txt", []byte(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			check(t, got, pkgs("requirements.txt", tt.want...))
		})
	}
}

func TestLockEdges(t *testing.T) {
	tests := []struct {
		name, path, content string
		want                []string
		wantErr             bool
	}{
		{name: "poetry empty", path: "poetry.lock"},
		{name: "poetry not toml", path: "poetry.lock", content: "[[package]\n", wantErr: true},
		{name: "poetry wrong type", path: "poetry.lock", content: "package = 1\n", wantErr: true},
		{name: "poetry groups", path: "poetry.lock", content: "[[package]]\nname = \"a\"\nversion = \"1\"\ngroups = []\n[[package]]\nname = \"b\"\nversion = \"2\"\ngroups = [\"test\", \"main\"]\n", want: []string{"a==1", "b==2"}},
		{name: "pipfile wrong type", path: "Pipfile.lock", content: `{"default": {"a": {"version": 1}}}`, wantErr: true},
		{name: "pipfile not json", path: "Pipfile.lock", content: "[", wantErr: true},
		{name: "pipfile unpinned", path: "Pipfile.lock", content: `{"default": {"a": {"version": "*"}, "b": {"version": ">=1"}, "c": {"version": "===1.0"}}}`, want: []string{"c==1.0"}},
		{name: "pipfile null", path: "Pipfile.lock", content: `null`},
		{
			// Without a root nothing tells development packages apart.
			name: "uv without root", path: "uv.lock",
			content: "version = 1\n[[package]]\nname = \"a\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n" +
				"[[package]]\nname = \"b\"\nversion = \"2.0\"\nsource = { directory = \"b\" }\n",
			want: []string{"a==1.0"},
		},
		{
			name: "uv virtual root", path: "uv.lock",
			content: "version = 1\n[[package]]\nname = \"ws\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"a\" }, { name = \"b\", version = \"2.0\" }]\n" +
				"[[package]]\nname = \"a\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\ndependencies = [{ name = \"a\" }]\n" +
				"[[package]]\nname = \"b\"\nversion = \"1.0\"\n" +
				"[[package]]\nname = \"b\"\nversion = \"2.0\"\n",
			want: []string{"a==1.0", "b==2.0"},
		},
		{name: "uv not toml", path: "uv.lock", content: "version = \n", wantErr: true},
		{name: "toml nesting", path: "uv.lock", content: "a = " + strings.Repeat("[", maxTOMLNesting+1) + strings.Repeat("]", maxTOMLNesting+1) + "\n", wantErr: true},
		{
			name: "toml brackets in strings", path: "poetry.lock",
			content: "[[package]]\nname = \"a\"\nversion = \"1.0\"\ndescription = \"" + strings.Repeat("[", 100) + "\\\"\"\n" +
				"x = '''" + strings.Repeat("{", 100) + "'''\ny = \"\"\"" + strings.Repeat("[", 100) + "\"\"\"\"\"\n# " + strings.Repeat("[", 100) + "\n",
			want: []string{"a==1.0"},
		},
		{name: "unknown file", path: "pdm.lock", content: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewLock().Parse(context.Background(), tt.path, []byte(tt.content))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			check(t, got, pkgs(tt.path, tt.want...))
		})
	}
}

func TestTOMLNesting(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"a = 1", 0},
		{"[t]\na = [1, [2, {b = [3]}]]", 4},
		{`a = "[[[" # [[[`, 0},
		{`a = "\"[[["`, 0},
		{"a = '[\\' \n b = [1]", 1},
		{"a = \"\"\"\n[[\\\"\"\"[\"\"\"\"\" \nb = [[1]]", 2},
		{"a = '''[[''''' \nb = [1]", 1},
		{`a = "unterminated [[[`, 0},
		{"]]]] a = [[1]]", 2},
	}
	for _, tt := range tests {
		if got := tomlNesting([]byte(tt.in)); got != tt.want {
			t.Errorf("tomlNesting(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestTooManyPackages(t *testing.T) {
	var b strings.Builder
	for i := range maxPackages + 1 {
		fmt.Fprintf(&b, "p%d==1.0\n", i)
	}
	_, err := NewLock().Parse(context.Background(), "requirements.txt", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	content := []byte(strings.Repeat("a==1.0\n", 70000))
	if _, err := NewLock().Parse(ctx, "requirements.txt", content); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestValid(t *testing.T) {
	for _, s := range []string{"a", "A1", "zope.interface", "typing_extensions", "a-b"} {
		if !validName(s) {
			t.Errorf("validName(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-a", "a-", ".a", "a b", "a/b", "é", strings.Repeat("a", maxNameLen+1)} {
		if validName(s) {
			t.Errorf("validName(%q) = true", s)
		}
	}
	for _, s := range []string{"1", "1.0", "2024.8.30", "1!2.0", "1.0rc1", "1.0.post1", "1.0.dev0+abc.1", "v1.0"} {
		if !validVersion(s) {
			t.Errorf("validVersion(%q) = false", s)
		}
	}
	for _, s := range []string{"", "UNKNOWN", "1.*", ">=1", "1.0 ", "1,0", strings.Repeat("1", maxVersionLen+1)} {
		if validVersion(s) {
			t.Errorf("validVersion(%q) = true", s)
		}
	}
}

// checkFuzzed is what every parser promises for any input.
func checkFuzzed(t *testing.T, path string, got []inventory.Package, err error) {
	if err != nil {
		if got != nil {
			t.Fatal("packages returned with an error")
		}
		return
	}
	for i, p := range got {
		if !validName(p.Name) || !validVersion(p.Version) || p.Ecosystem != inventory.EcosystemPip || p.Path != path {
			t.Fatalf("bad package %+v", p)
		}
		if p != (inventory.Package{Name: p.Name, Version: p.Version, Ecosystem: p.Ecosystem, Path: p.Path}) {
			t.Fatalf("unexpected fields set %+v", p)
		}
		if i > 0 && !(got[i-1].Name < p.Name || got[i-1].Name == p.Name && got[i-1].Version < p.Version) {
			t.Fatalf("not sorted or duplicated: %+v, %+v", got[i-1], p)
		}
	}
}

func fuzzLock(f *testing.F, path string, fixtures []string, seeds ...string) {
	for _, name := range fixtures {
		if b, err := os.ReadFile(filepath.Join(testdata, name)); err == nil {
			f.Add(b)
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	a := NewLock()
	f.Fuzz(func(t *testing.T, content []byte) {
		got, err := a.Parse(context.Background(), path, content)
		checkFuzzed(t, path, got, err)
	})
}

func FuzzMetadata(f *testing.F) {
	for _, name := range []string{
		"pyyaml-6.0.3.dist-info/METADATA", "pickleshare-0.7.5.dist-info/METADATA",
		"PyJWT-2.6.0.egg-info/PKG-INFO", "Python-2.7.18-py2.7.egg-info",
	} {
		if b, err := os.ReadFile(filepath.Join(testdata, "installed", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("\xff\xfeN\x00a\x00m\x00e\x00:\x00 \x00a\x00\n\x00"))
	const path = "a-1.0.dist-info/METADATA"
	a := NewInstalled()
	f.Fuzz(func(t *testing.T, content []byte) {
		got, err := a.Parse(context.Background(), path, content)
		checkFuzzed(t, path, got, err)
		if len(got) > 1 {
			t.Fatalf("%d packages from one METADATA", len(got))
		}
	})
}

func FuzzPoetryLock(f *testing.F) {
	fuzzLock(f, "poetry.lock", []string{"poetry.lock", "poetry_v1.lock"},
		"[[package]]\nname = \"a\"\nversion = \"1\"\ncategory = \"dev\"\n[package.source]\ntype = \"directory\"\n")
}

func FuzzPipfileLock(f *testing.F) {
	fuzzLock(f, "Pipfile.lock", []string{"Pipfile.lock"}, `{"default":{"a":{"version":"==1.0"}},"develop":{}}`)
}

func FuzzUVLock(f *testing.F) {
	fuzzLock(f, "uv.lock", []string{"uv.lock"},
		"[manifest]\nmembers = [\"r\"]\n[[package]]\nname = \"r\"\nsource = { editable = \"r\" }\ndependencies = [{ name = \"a\", version = \"1\" }]\n[package.optional-dependencies]\nx = [{ name = \"b\" }]\n")
}

func FuzzRequirements(f *testing.F) {
	fuzzLock(f, "requirements.txt", []string{"requirements.txt", "requirements-dev.txt", "requirements_utf16le.txt"},
		"a[b]==1.0 ; python_version < '3' \\\n  --hash=sha256:00\n# c \\\nd (===2)\n")
}
