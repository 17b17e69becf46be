package npm

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
	"github.com/palisadesec/palisade/pkg/testenv"
)

const testdata = "../../../testdata/analyzer/npm"

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pkgs builds the expected packages of path from "name@version" strings.
func pkgs(path string, specs ...string) []inventory.Package {
	var out []inventory.Package
	for _, s := range specs {
		name, version, ok := splitSpec(s)
		if !ok {
			panic(s)
		}
		out = append(out, inventory.Package{Name: name, Version: version, Ecosystem: inventory.EcosystemNpm, Path: path})
	}
	return out
}

func dump(pkgs []inventory.Package) string {
	var b strings.Builder
	for _, p := range pkgs {
		fmt.Fprintf(&b, "  %s@%s %s %s\n", p.Name, p.Version, p.Ecosystem, p.Path)
	}
	return b.String()
}

func check(t *testing.T, got, want []inventory.Package) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%swant\n%s", dump(got), dump(want))
	}
}

// The lock fixtures were generated from one project (see the README next to
// them): dependencies @sindresorhus/is, debug 2.6.9 (which needs ms 2.0.0
// while the project wants ms ^2.1.3, so two ms are installed), ms and the
// alias lodash-legacy = npm:lodash@3.10.1; devDependencies is-number 7 and
// is-odd (which needs is-number 6); and a workspace lib-a needing ms 1.0.0.
// The Yarn and pnpm projects also depend on resolve, which Berry patches.
func TestLockFixtures(t *testing.T) {
	tests := []struct {
		fixture, path string
		want          []string
	}{
		{
			fixture: "package-lock_v3.json", path: "app/package-lock.json",
			// Dev-only packages and the workspace member (and its link) are
			// left out; the member's own ms 1.0.0 is not.
			want: []string{"@sindresorhus/is@4.6.0", "debug@2.6.9", "lodash@3.10.1", "ms@1.0.0", "ms@2.0.0", "ms@2.1.3"},
		},
		{
			fixture: "package-lock_v2.json", path: "package-lock.json",
			want: []string{"@sindresorhus/is@4.6.0", "debug@2.6.9", "lodash@3.10.1", "ms@1.0.0", "ms@2.0.0", "ms@2.1.3"},
		},
		{
			// npm 6, with a file: dependency local-lib instead of the
			// workspace: it is skipped, the ms 1.0.0 nested in it is not.
			fixture: "package-lock_v1.json", path: "package-lock.json",
			want: []string{"@sindresorhus/is@4.6.0", "debug@2.6.9", "lodash@3.10.1", "ms@1.0.0", "ms@2.0.0", "ms@2.1.3"},
		},
		{
			// Read as npm-shrinkwrap.json, which has the same format.
			fixture: "package-lock_v3.json", path: "npm-shrinkwrap.json",
			want: []string{"@sindresorhus/is@4.6.0", "debug@2.6.9", "lodash@3.10.1", "ms@1.0.0", "ms@2.0.0", "ms@2.1.3"},
		},
		{
			// yarn.lock has no dev flag: the dev packages are reported.
			fixture: "yarn_v1.lock", path: "yarn.lock",
			want: []string{
				"@sindresorhus/is@4.6.0", "debug@2.6.9", "es-errors@1.3.0", "function-bind@1.1.2", "hasown@2.0.4",
				"is-core-module@2.18.0", "is-number@6.0.0", "is-number@7.0.0", "is-odd@3.0.1", "lodash@3.10.1",
				"ms@1.0.0", "ms@2.0.0", "ms@2.1.3", "path-parse@1.0.7", "resolve@1.22.14", "supports-preserve-symlinks-flag@1.0.0",
			},
		},
		{
			// The workspace entries and the patched resolve are skipped.
			fixture: "yarn_berry.lock", path: "web/yarn.lock",
			want: []string{
				"@sindresorhus/is@4.6.0", "debug@2.6.9", "es-errors@1.3.0", "function-bind@1.1.2", "hasown@2.0.4",
				"is-core-module@2.18.0", "is-number@6.0.0", "is-number@7.0.0", "is-odd@3.0.1", "lodash@3.10.1",
				"ms@1.0.0", "ms@2.0.0", "ms@2.1.3", "path-parse@1.0.7", "resolve@1.22.14", "supports-preserve-symlinks-flag@1.0.0",
			},
		},
		{
			fixture: "pnpm-lock_v5.yaml", path: "pnpm-lock.yaml",
			want: []string{
				"@sindresorhus/is@4.6.0", "debug@2.6.9", "es-errors@1.3.0", "function-bind@1.1.2", "hasown@2.0.4",
				"is-core-module@2.18.0", "lodash@3.10.1", "ms@1.0.0", "ms@2.0.0", "ms@2.1.3", "path-parse@1.0.7",
				"resolve@1.22.14", "supports-preserve-symlinks-flag@1.0.0",
			},
		},
		{
			fixture: "pnpm-lock_v6.yaml", path: "pnpm-lock.yaml",
			want: []string{
				"@sindresorhus/is@4.6.0", "debug@2.6.9", "es-errors@1.3.0", "function-bind@1.1.2", "hasown@2.0.4",
				"is-core-module@2.18.0", "lodash@3.10.1", "ms@1.0.0", "ms@2.0.0", "ms@2.1.3", "path-parse@1.0.7",
				"resolve@1.22.14", "supports-preserve-symlinks-flag@1.0.0",
			},
		},
		{
			// Version 9 has no dev flag; the same packages are found by
			// walking from both importers' production dependencies.
			fixture: "pnpm-lock_v9.yaml", path: "pnpm-lock.yaml",
			want: []string{
				"@sindresorhus/is@4.6.0", "debug@2.6.9", "es-errors@1.3.0", "function-bind@1.1.2", "hasown@2.0.4",
				"is-core-module@2.18.0", "lodash@3.10.1", "ms@1.0.0", "ms@2.0.0", "ms@2.1.3", "path-parse@1.0.7",
				"resolve@1.22.14", "supports-preserve-symlinks-flag@1.0.0",
			},
		},
		{
			// A snapshot with peers (use-sync-external-store), an optional
			// dependency (ms), a package both dev and prod need (is-number
			// 6) and a dev alias string-width-cjs whose tree is dev-only.
			fixture: "pnpm-lock_v9_peers.yaml", path: "pnpm-lock.yaml",
			want: []string{
				"is-number@6.0.0", "js-tokens@4.0.0", "loose-envify@1.4.0", "ms@2.1.3", "react@18.3.1", "use-sync-external-store@1.2.0",
			},
		},
	}
	a := NewLock()
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.path, func(t *testing.T) {
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

// TestPackageJSONFixtures reads real package.json files npm installed for the
// fixture project, at the paths npm installed them.
func TestPackageJSONFixtures(t *testing.T) {
	tests := []struct {
		fixture, path, want string
	}{
		{"sindresorhus-is.json", "app/node_modules/@sindresorhus/is/package.json", "@sindresorhus/is@4.6.0"},
		{"debug.json", "app/node_modules/debug/package.json", "debug@2.6.9"},
		{"debug-ms.json", "app/node_modules/debug/node_modules/ms/package.json", "ms@2.0.0"},
		{"ms.json", "app/node_modules/ms/package.json", "ms@2.1.3"},
		// Installed under its alias; its package.json has the real name.
		{"lodash-legacy.json", "app/node_modules/lodash-legacy/package.json", "lodash@3.10.1"},
		{"is-odd-is-number.json", "usr/lib/node_modules/is-odd/node_modules/is-number/package.json", "is-number@6.0.0"},
		// pnpm's virtual store.
		{"ms.json", "app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json", "ms@2.1.3"},
	}
	a := NewPackageJSON()
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

func TestPackageJSONParse(t *testing.T) {
	const path = "node_modules/x/package.json"
	tests := []struct {
		name, content string
		want          []string
		wantErr       bool
	}{
		{name: "minimal", content: `{"name":"x","version":"1.0.0-rc.1+b2"}`, want: []string{"x@1.0.0-rc.1+b2"}},
		{name: "bom", content: "\ufeff{\"name\":\"x\",\"version\":\"1.0.0\"}", want: []string{"x@1.0.0"}},
		{name: "no version", content: `{"name":"x","private":true}`},
		{name: "no name", content: `{"version":"1.0.0"}`},
		{name: "version not a string", content: `{"name":"x","version":1}`},
		{name: "git version", content: `{"name":"x","version":"github:a/b"}`},
		{name: "blank name", content: `{"name":"a b","version":"1.0.0"}`},
		{name: "null", content: `null`},
		{name: "array", content: `[]`, wantErr: true},
		{name: "truncated", content: `{"name":"x",`, wantErr: true},
	}
	a := NewPackageJSON()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Parse(context.Background(), path, []byte(tt.content))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			check(t, got, pkgs(path, tt.want...))
		})
	}
}

func TestRequired(t *testing.T) {
	installed := map[string]bool{
		"node_modules/lodash/package.json":                                 true,
		"app/node_modules/@babel/core/package.json":                        true,
		"app/node_modules/a/node_modules/b/package.json":                   true,
		"app/node_modules/.pnpm/a@1.0.0/node_modules/a/package.json":       true,
		"app/node_modules/.pnpm/@s+a@1.0.0/node_modules/@s/a/package.json": true,
		"usr/lib/node_modules/npm/node_modules/semver/package.json":        true,
		"package.json":                                    false, // a project
		"app/package.json":                                false,
		"node_modules/package.json":                       false,
		"node_modules/rxjs/ajax/package.json":             false, // resolution helper
		"node_modules/@angular/core/testing/package.json": false,
		"node_modules/@scope/package.json":                false,
		"node_modules/.cache/x/package.json":              false,
		"node_modules/.bin/package.json":                  false,
		"node_modules/lodash/package.json.bak":            false,
		"node_modules/lodash/xpackage.json":               false,
		"node_modules/@/x/package.json":                   false,
	}
	locks := map[string]bool{
		"package-lock.json":                         true,
		"app/package-lock.json":                     true,
		"app/npm-shrinkwrap.json":                   true,
		"app/yarn.lock":                             true,
		"app/pnpm-lock.yaml":                        true,
		"app/node_modules/x/package-lock.json":      false,
		"app/node_modules/x/npm-shrinkwrap.json":    false,
		"app/node_modules/x/yarn.lock":              false,
		"app/node_modules/.pnpm/x/pnpm-lock.yaml":   false,
		"app/.yarn/cache/yarn.lock":                 false,
		"app/node_modules/.package-lock.json":       false,
		"app/package.json":                          false,
		"app/pnpm-lock.yml":                         false,
		"app/yarn.lock.bak":                         false,
		"app/node_modules_backup/package-lock.json": true,
	}
	for p, want := range installed {
		if got := NewPackageJSON().Required(p); got != want {
			t.Errorf("PackageJSON.Required(%q) = %v", p, got)
		}
		if NewLock().Required(p) {
			t.Errorf("Lock.Required(%q) = true", p)
		}
	}
	for p, want := range locks {
		if got := NewLock().Required(p); got != want {
			t.Errorf("Lock.Required(%q) = %v", p, got)
		}
		if NewPackageJSON().Required(p) {
			t.Errorf("PackageJSON.Required(%q) = true", p)
		}
	}
}

func TestPackageLockEdges(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
		wantErr       bool
	}{
		{
			name: "v3 sources",
			content: `{"lockfileVersion": 3, "packages": {
				"": {"name": "app", "dependencies": {"g": "github:a/g"}},
				"node_modules/g": {"version": "1.2.0", "resolved": "git+ssh://git@github.com/a/g.git#0123456789abcdef"},
				"node_modules/opt": {"version": "2.0.0", "devOptional": true, "optional": true},
				"node_modules/local": {"resolved": "../local", "link": true},
				"../local": {"name": "local", "version": "0.0.1"},
				"node_modules/tgz": {"version": "3.0.0", "resolved": "file:vendor/tgz-3.0.0.tgz"},
				"node_modules/broken": {"link": true},
				"node_modules/@s/x": {"version": "1.0.0", "dev": true},
				"node_modules/@s/y": {"version": "1.0.0", "extraneous": true},
				"node_modules/nover": {},
				"node_modules/a/b/c": {"version": "1.0.0"}
			}}`,
			want: []string{"@s/y@1.0.0", "g@1.2.0", "opt@2.0.0", "tgz@3.0.0"},
		},
		{
			name: "v1 sources",
			content: `{"lockfileVersion": 1, "dependencies": {
				"g": {"version": "github:a/g#0123456789abcdef", "dependencies": {"h": {"version": "1.0.0"}}},
				"al": {"version": "npm:@s/real@2.0.0"},
				"d": {"version": "1.0.0", "dev": true, "dependencies": {"e": {"version": "2.0.0", "dev": true}}}
			}}`,
			want: []string{"@s/real@2.0.0", "h@1.0.0"},
		},
		{
			// Without lockfileVersion the sections present decide.
			name:    "no version",
			content: `{"dependencies": {"a": {"version": "1.0.0"}}}`,
			want:    []string{"a@1.0.0"},
		},
		{name: "empty", content: `{}`},
		{name: "null", content: `null`},
		{name: "not an object", content: `[1]`, wantErr: true},
		{name: "wrong type", content: `{"packages": {"node_modules/a": {"version": 1}}}`, wantErr: true},
		{name: "not json", content: `lockfileVersion: 3`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewLock().Parse(context.Background(), "package-lock.json", []byte(tt.content))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			check(t, got, pkgs("package-lock.json", tt.want...))
		})
	}
}

func TestPackageLockDepth(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"lockfileVersion":1,"dependencies":`)
	for range maxLockDepth + 1 {
		b.WriteString(`{"a":{"version":"1.0.0","dependencies":`)
	}
	b.WriteString(`{}`)
	b.WriteString(strings.Repeat("}}", maxLockDepth+1))
	b.WriteString(`}`)
	if _, err := NewLock().Parse(context.Background(), "package-lock.json", []byte(b.String())); err == nil {
		t.Fatal("no error for over-deep nesting")
	}
}

func TestYarnEdges(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{
			name: "classic sources",
			content: "# yarn lockfile v1\r\n\r\n" +
				"\"@s/alias@npm:@s/real@^2.0.0\":\r\n  version \"2.1.0\"\r\n\r\n" +
				"plain@npm:^1.0.0:\n  version \"1.0.1\"\n\n" +
				"g@git+https://github.com/a/g.git#v1:\n  version \"1.0.0\"\n\n" +
				"gh@a/gh#main:\n  version \"1.0.0\"\n\n" +
				"f@file:../f:\n  version \"0.1.0\"\n\n" +
				"t@https://example.com/t-1.0.0.tgz:\n  version \"1.0.0\"\n\n" +
				"\"range@>= 1.0.0 < 2\", range@^1.2.0:\n  version \"1.2.3\"\n  dependencies:\n    version \"9.9.9\"\n\n" +
				"tag@latest:\n  version \"4.0.0\"\n\n" +
				"noversion@^1.0.0:\n  resolved \"https://registry.yarnpkg.com/noversion/-/noversion-1.0.0.tgz\"\n\n" +
				"bad entry\n  version \"1.0.0\"\n\n",
			want: []string{"@s/real@2.1.0", "plain@1.0.1", "range@1.2.3", "tag@4.0.0"},
		},
		{
			name: "berry sources",
			content: "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n" +
				"\"a@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n\n" +
				"\"g@https://github.com/a/g.git#commit=abc\":\n  version: 2.0.0\n  resolution: \"g@https://github.com/a/g.git#commit=abc\"\n\n" +
				"\"p@portal:../p::locator=app%40workspace%3A.\":\n  version: 0.0.0-use.local\n  resolution: \"p@portal:../p::locator=app%40workspace%3A.\"\n\n" +
				"\"l@link:../l::locator=app%40workspace%3A.\":\n  version: 0.0.0-use.local\n  resolution: \"l@link:../l::locator=app%40workspace%3A.\"\n\n" +
				"\"@s/b@npm:2.0.0\":\n  version: \"2.0.0\"\n  resolution: \"@s/b@npm:2.0.0\"\n\n" +
				// The resolution's version stands in for a missing version field.
				"\"c@npm:^3.0.0\":\n  resolution: \"c@npm:3.1.0\"\n",
			want: []string{"@s/b@2.0.0", "a@1.0.0", "c@3.1.0"},
		},
		{name: "empty"},
		{name: "not yarn", content: "{\"lockfileVersion\": 3}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewLock().Parse(context.Background(), "yarn.lock", []byte(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			check(t, got, pkgs("yarn.lock", tt.want...))
		})
	}
}

func TestPnpmEdges(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
		wantErr       bool
	}{
		{
			// Shaped after pnpm 8's output for tarball, git and local
			// dependencies.
			name: "v6 sources",
			content: `lockfileVersion: '6.0'
packages:
  /ms@2.1.2:
    resolution: {integrity: sha512-x}
    dev: false
  '@github.com/debug-js/debug/tarball/4.3.4':
    resolution: {tarball: https://github.com/debug-js/debug/tarball/4.3.4}
    name: debug
    version: 4.3.4
    dev: false
  file:foo/bar/lodash.tgz:
    resolution: {integrity: sha512-y, tarball: file:foo/bar/lodash.tgz}
    name: lodash
    version: 4.17.21
  file:package1:
    resolution: {directory: package1, type: directory}
    name: package1
    version: 1.0.0
  /@babel/core@7.21.0(@babel/types@7.21.0):
    resolution: {integrity: sha512-z}
  /nothing@1.0.0:
`,
			want: []string{"@babel/core@7.21.0", "debug@4.3.4", "lodash@4.17.21", "ms@2.1.2", "nothing@1.0.0"},
		},
		{
			name: "v5 keys",
			content: `lockfileVersion: 5.3
packages:
  /@babel/core/7.21.0_@babel+types@7.21.0:
    dev: false
  registry.example.com/private/1.0.0:
    dev: false
  /plain/2.0.0_a4bvkvt3ybnvpbf5sjdjzuxvjq:
    dev: false
  /devonly/1.0.0:
    dev: true
  github.com/a/b/0123456789abcdef:
    name: b
    version: 0.3.0
`,
			want: []string{"@babel/core@7.21.0", "b@0.3.0", "plain@2.0.0", "private@1.0.0"},
		},
		{
			// pnpm 11 writes its own environment first; importers link to
			// a workspace member, alias a prod dependency and pin a git one.
			name: "v9 documents",
			content: `---
lockfileVersion: '9.0'
importers:
  .:
    configDependencies: {}
    packageManagerDependencies:
      pnpm:
        specifier: ^11.0.0
        version: 11.0.0
packages:
  pnpm@11.0.0:
    resolution: {integrity: sha512-x}
snapshots:
  pnpm@11.0.0: {}
---
lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      sw:
        specifier: npm:string-width@4.2.3
        version: string-width@4.2.3
      lib:
        specifier: workspace:*
        version: link:packages/lib
      g:
        specifier: github:a/g
        version: https://codeload.github.com/a/g/tar.gz/0123456789abcdef
      loc:
        specifier: file:loc
        version: file:loc
      ssh:
        specifier: git+ssh://git@github.com/a/ssh.git
        version: git+ssh://git@github.com/a/ssh.git#0123456789abcdef
    devDependencies:
      d:
        specifier: ^1.0.0
        version: 1.0.0
  packages/lib:
    optionalDependencies:
      '@s/o':
        specifier: ^1.0.0
        version: 1.0.0(d@1.0.0)
packages:
  string-width@4.2.3:
    resolution: {integrity: sha512-a}
  strip-ansi@6.0.1:
    resolution: {integrity: sha512-b}
  g@https://codeload.github.com/a/g/tar.gz/0123456789abcdef:
    resolution: {tarball: https://codeload.github.com/a/g/tar.gz/0123456789abcdef}
    version: 1.5.0
  loc@file:loc:
    resolution: {directory: loc, type: directory}
    version: 0.0.1
  ssh@git+ssh://git@github.com/a/ssh.git#0123456789abcdef:
    resolution: {commit: 0123456789abcdef, repo: git@github.com:a/ssh.git, type: git}
    version: 3.0.0
  d@1.0.0:
    resolution: {integrity: sha512-c}
  '@s/o@1.0.0':
    resolution: {integrity: sha512-d}
snapshots:
  string-width@4.2.3:
    dependencies:
      strip-ansi: 6.0.1
  strip-ansi@6.0.1: {}
  g@https://codeload.github.com/a/g/tar.gz/0123456789abcdef: {}
  loc@file:loc: {}
  ssh@git+ssh://git@github.com/a/ssh.git#0123456789abcdef: {}
  d@1.0.0: {}
  '@s/o@1.0.0(d@1.0.0)':
    dependencies:
      d: 1.0.0
`,
			want: []string{"@s/o@1.0.0", "d@1.0.0", "g@1.5.0", "ssh@3.0.0", "string-width@4.2.3", "strip-ansi@6.0.1"},
		},
		{
			name:    "v9 without importers",
			content: "lockfileVersion: '9.0'\nsnapshots:\n  a@1.0.0: {}\n",
			want:    []string{"a@1.0.0"},
		},
		{name: "no version", content: "packages:\n  /a@1.0.0: {}\n"},
		{name: "unknown version", content: "lockfileVersion: next\npackages:\n  /a@1.0.0: {}\n"},
		{name: "version not a scalar", content: "lockfileVersion: [1]\npackages:\n  /a@1.0.0: {}\n", wantErr: true},
		{name: "key not a string", content: "lockfileVersion: '6.0'\npackages:\n  ? [a]\n  : {}\n", wantErr: true},
		{name: "alias", content: "lockfileVersion: &v '6.0'\npackages:\n  /a@1.0.0: {version: *v}\n", wantErr: true},
		{name: "null sections", content: "lockfileVersion: '9.0'\nimporters:\n  .: ~\npackages: ~\nsnapshots:\n  a@1.0.0: ~\n"},
		{name: "empty"},
		{name: "only env", content: "importers:\n  .:\n    configDependencies: {}\n"},
		{name: "scalar", content: "hello\n", wantErr: true},
		{name: "wrong type", content: "lockfileVersion: '6.0'\npackages: [1]\n", wantErr: true},
		{name: "bad yaml", content: "lockfileVersion: '6.0'\n packages:\n- a\n", wantErr: true},
		{name: "many documents", content: strings.Repeat("---\nimporters: {a: {configDependencies: {}}}\n", maxPnpmDocuments+1), wantErr: true},
		{name: "alias bomb", content: aliasBomb(), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewLock().Parse(context.Background(), "pnpm-lock.yaml", []byte(tt.content))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			check(t, got, pkgs("pnpm-lock.yaml", tt.want...))
		})
	}
}

// aliasBomb is the "billion laughs" of YAML: each level refers to the
// previous one nine times.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("lockfileVersion: *a9\n")
	return b.String()
}

func TestTooManyPackages(t *testing.T) {
	var b strings.Builder
	for i := range maxPackages + 1 {
		fmt.Fprintf(&b, "p%d@^1.0.0:\n  version \"1.0.0\"\n\n", i)
	}
	_, err := NewLock().Parse(context.Background(), "yarn.lock", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b strings.Builder
	for i := range 70000 {
		fmt.Fprintf(&b, "p%d@^1.0.0:\n  version \"1.0.0\"\n", i)
	}
	if _, err := NewLock().Parse(ctx, "yarn.lock", []byte(b.String())); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestUnknownFile(t *testing.T) {
	if _, err := NewLock().Parse(context.Background(), "bun.lock", []byte("{}")); err == nil {
		t.Fatal("no error for a file Lock does not read")
	}
}

func TestValid(t *testing.T) {
	for _, s := range []string{"a", "@s/a", "JSONStream", "a.b-c_d"} {
		if !validName(s) {
			t.Errorf("validName(%q) = false", s)
		}
	}
	for _, s := range []string{"", "@s", "@s/", "@/a", "a/b", "@s/a/b", ".a", "_a", "a b", strings.Repeat("a", 215)} {
		if validName(s) {
			t.Errorf("validName(%q) = true", s)
		}
	}
	for _, s := range []string{"1.0.0", "0.0.0-use.local", "1.0.0-rc.1+build.5", "10"} {
		if !validVersion(s) {
			t.Errorf("validVersion(%q) = false", s)
		}
	}
	for _, s := range []string{"", "v1.0.0", "^1.0.0", "1.0.0 ", "file:a", "github:a/b", "1.0.0(peer@1)", "latest"} {
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
	if len(got) > maxPackages {
		t.Fatalf("%d packages", len(got))
	}
	for i, p := range got {
		if !validName(p.Name) || !validVersion(p.Version) || p.Ecosystem != inventory.EcosystemNpm || p.Path != path {
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

func FuzzPackageLock(f *testing.F) {
	fuzzLock(f, "package-lock.json",
		[]string{"package-lock_v1.json", "package-lock_v2.json", "package-lock_v3.json"},
		`{"lockfileVersion":1,"dependencies":{"a":{"version":"npm:b@1.0.0","dependencies":{"c":{"version":"2.0.0"}}}}}`,
		`{"packages":{"node_modules/@s/a":{"name":"x","version":"1.0.0"},"a/node_modules/b":{"version":"2.0.0","dev":true}}}`,
	)
}

func FuzzYarnLock(f *testing.F) {
	fuzzLock(f, "yarn.lock",
		[]string{"yarn_v1.lock", "yarn_berry.lock"},
		"\"@s/a@npm:@s/b@^1\", a@1:\r\n  version \"1.0.0\"\r\n",
		"__metadata:\n  version: 8\n\n\"a@npm:^1\":\n  \"version\": 1.0.0\n  resolution: \"a@npm:1.0.0\"\n",
	)
}

func FuzzPnpmLock(f *testing.F) {
	fuzzLock(f, "pnpm-lock.yaml",
		[]string{"pnpm-lock_v5.yaml", "pnpm-lock_v6.yaml", "pnpm-lock_v9.yaml", "pnpm-lock_v9_peers.yaml"},
		"lockfileVersion: 5.4\npackages:\n  /@a/b/1.0.0_c@1:\n    dev: false\n",
		"lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a: {version: b@1.0.0(c@1)}\nsnapshots:\n  b@1.0.0(c@1):\n    dependencies: {c: 1.0.0}\n  c@1.0.0: {}\n",
	)
}

func FuzzPackageJSON(f *testing.F) {
	for _, name := range []string{"debug.json", "sindresorhus-is.json", "lodash-legacy.json"} {
		if b, err := os.ReadFile(filepath.Join(testdata, "installed", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"name":"@s/a","version":"1.0.0"}`))
	const path = "node_modules/a/package.json"
	a := NewPackageJSON()
	f.Fuzz(func(t *testing.T, content []byte) {
		got, err := a.Parse(context.Background(), path, content)
		checkFuzzed(t, path, got, err)
		if len(got) > 1 {
			t.Fatalf("%d packages from one package.json", len(got))
		}
	})
}

// TestPnpmManyPackages guards against quadratic work per mapping: decoding
// YAML into Go maps checks every key against every other, which took minutes
// for lock files of this size.
func TestPnpmManyPackages(t *testing.T) {
	if testing.Short() {
		testenv.Skip(t, "-short: large input")
	}
	const n = 30000
	var b strings.Builder
	b.WriteString("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      p0:\n        specifier: ^1.0.0\n        version: 1.0.0\npackages:\n")
	for i := range n {
		fmt.Fprintf(&b, "  p%d@1.0.%d:\n    resolution: {integrity: sha512-x}\n", i, i)
	}
	b.WriteString("snapshots:\n")
	for i := range n {
		fmt.Fprintf(&b, "  p%d@1.0.%d:\n    dependencies:\n      p%d: 1.0.%d\n", i, i, (i+1)%n, (i+1)%n)
	}
	got, err := NewLock().Parse(context.Background(), "pnpm-lock.yaml", []byte(b.String()))
	if err != nil || len(got) != n {
		t.Fatalf("%d packages, err %v", len(got), err)
	}
}
