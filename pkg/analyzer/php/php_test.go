package php

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

const testdata = "../../../testdata/analyzer/php"

func dump(pkgs []inventory.Package) string {
	var b strings.Builder
	for _, p := range pkgs {
		fmt.Fprintf(&b, "  %s %s %s %s\n", p.Name, p.Version, p.Ecosystem, p.Path)
	}
	return b.String()
}

func composer(path string, nv ...string) []inventory.Package {
	var pkgs []inventory.Package
	for i := 0; i+1 < len(nv); i += 2 {
		pkgs = append(pkgs, inventory.Package{Name: nv[i], Version: nv[i+1], Ecosystem: inventory.EcosystemComposer, Path: path})
	}
	return pkgs
}

// prod is what the fixtures' lock file lists under "packages"; the "v" of
// symfony's tags is kept, as Composer and Trivy keep it.
var prod = []string{
	"guzzlehttp/guzzle", "7.8.1",
	"guzzlehttp/promises", "2.0.2",
	"guzzlehttp/psr7", "2.6.2",
	"monolog/monolog", "3.5.0",
	"psr/http-client", "1.0.3",
	"psr/http-factory", "1.0.2",
	"psr/http-message", "2.0",
	"psr/log", "3.0.0",
	"ralouphie/getallheaders", "3.0.3",
	"symfony/deprecation-contracts", "v3.4.0",
}

func TestRequired(t *testing.T) {
	lock, installed := NewComposerLock(), NewInstalledJSON()
	for path, want := range map[string][2]bool{
		"composer.lock":                                 {true, false},
		"app/composer.lock":                             {true, false},
		"app/vendor/monolog/monolog/composer.lock":      {false, false},
		"vendor/x/composer.lock":                        {false, false},
		"app/myvendor/composer.lock":                    {true, false},
		"app/composer.json":                             {false, false},
		"app/composer.lock.bak":                         {false, false},
		"var/www/html/vendor/composer/installed.json":   {false, true},
		"app/lib/composer/installed.json":               {false, true},
		"composer/installed.json":                       {false, true},
		"app/vendor/composer/installed.php":             {false, false},
		"app/node_modules/x/installed.json":             {false, false},
		"app/vendor/composer/installed.json/x":          {false, false},
		"app/vendor/mycomposer/installed.json":          {false, false},
		"app/vendor/composer/installed.json.orig":       {false, false},
		"app/vendor/composer/composer/installed.json.x": {false, false},
	} {
		if got := lock.Required(path); got != want[0] {
			t.Errorf("ComposerLock.Required(%q) = %v", path, got)
		}
		if got := NewComposerLockWithDev().Required(path); got != want[0] {
			t.Errorf("ComposerLockWithDev.Required(%q) = %v", path, got)
		}
		if got := installed.Required(path); got != want[1] {
			t.Errorf("InstalledJSON.Required(%q) = %v", path, got)
		}
	}
	if NewComposerLock().Name() == NewComposerLockWithDev().Name() {
		t.Error("the two lock analyzers share a name")
	}
}

type parser interface {
	Required(string) bool
	Parse(context.Context, string, []byte) ([]inventory.Package, error)
}

func TestFixtures(t *testing.T) {
	const (
		lock = "app/composer.lock"
		v2   = "composer2/var/www/html/vendor/composer/installed.json"
		v1   = "composer1/app/vendor/composer/installed.json"
	)
	dev := []string{"myclabs/deep-copy", "1.11.1", "phpunit/phpunit", "10.5.5", "sebastian/diff", "5.1.0"}
	tests := []struct {
		name, fixture string
		a             parser
		want          []inventory.Package
	}{
		{"lock without dev", lock, NewComposerLock(), composer(lock, prod...)},
		{"lock with dev", lock, NewComposerLockWithDev(), composer(lock,
			"guzzlehttp/guzzle", "7.8.1",
			"guzzlehttp/promises", "2.0.2",
			"guzzlehttp/psr7", "2.6.2",
			"monolog/monolog", "3.5.0",
			"myclabs/deep-copy", "1.11.1",
			"phpunit/phpunit", "10.5.5",
			"psr/http-client", "1.0.3",
			"psr/http-factory", "1.0.2",
			"psr/http-message", "2.0",
			"psr/log", "3.0.0",
			"ralouphie/getallheaders", "3.0.3",
			"sebastian/diff", "5.1.0",
			"symfony/deprecation-contracts", "v3.4.0",
		)},
		// Composer 2 lists dev packages in dev-package-names; they are installed all the same.
		{"composer 2 installed.json", v2, NewInstalledJSON(), composer(v2,
			"guzzlehttp/guzzle", "7.8.1",
			"guzzlehttp/promises", "2.0.2",
			"guzzlehttp/psr7", "2.6.2",
			"monolog/monolog", "3.5.0",
			dev[0], dev[1], dev[2], dev[3],
			"psr/http-client", "1.0.3",
			"psr/http-factory", "1.0.2",
			"psr/http-message", "2.0",
			"psr/log", "3.0.0",
			"ralouphie/getallheaders", "3.0.3",
			dev[4], dev[5],
			"symfony/deprecation-contracts", "v3.4.0",
		)},
		{"composer 1 installed.json", v1, NewInstalledJSON(), composer(v1,
			"guzzlehttp/guzzle", "7.8.1",
			"guzzlehttp/promises", "2.0.2",
			"guzzlehttp/psr7", "2.6.2",
			"monolog/monolog", "3.5.0",
			"myclabs/deep-copy", "1.11.1",
		)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join(testdata, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.a.Required(tt.fixture) {
				t.Fatalf("Required(%q) = false", tt.fixture)
			}
			for _, variant := range [][]byte{content, append([]byte("\ufeff"), content...)} {
				got, err := tt.a.Parse(context.Background(), tt.fixture, variant)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got\n%swant\n%s", dump(got), dump(tt.want))
				}
			}
		})
	}
}

func TestParse(t *testing.T) {
	const path = "composer.lock"
	tests := []struct {
		name, content string
		a             parser
		want          []string
		wantErr       error
	}{
		{name: "empty lock", a: NewComposerLock()},
		{name: "blank installed", content: " \n", a: NewInstalledJSON()},
		{name: "empty lists", content: `{"packages": [], "packages-dev": []}`, a: NewComposerLock()},
		{name: "empty composer 2", content: `{"packages": [], "dev": true, "dev-package-names": []}`, a: NewInstalledJSON()},
		{name: "empty composer 1", content: `[]`, a: NewInstalledJSON()},
		{name: "only dev list", content: `{"packages-dev": [{"name": "a/b", "version": "1.0"}]}`, a: NewComposerLock()},
		{
			name:    "a package in both lists is production",
			content: `{"packages": [{"name": "a/b", "version": "1.0"}], "packages-dev": [{"name": "a/b", "version": "2.0"}, {"name": "c/d", "version": "3.0"}]}`,
			a:       NewComposerLockWithDev(),
			want:    []string{"a/b", "1.0", "c/d", "3.0"},
		},
		{
			name:    "entries without a usable name or version are skipped",
			content: `{"packages": [{"name": "a/b"}, {"version": "1.0"}, {"name": "", "version": "1"}, {"name": "c d", "version": "1"}, {"name": "e/f", "version": "dev-main"}, {"name": "g/h", "version": "1\u0000"}, {"name": "i/j", "version": "\udc00"}], "packages-dev": []}`,
			a:       NewComposerLock(),
			want:    []string{"e/f", "dev-main"},
		},
		{name: "not JSON", content: "<?php return array();", a: NewComposerLock(), wantErr: errJSON},
		{name: "array lock", content: `[{"name": "a/b", "version": "1.0"}]`, a: NewComposerLock(), wantErr: errJSON},
		{name: "object without packages", content: `{"name": "my/app", "require": {}}`, a: NewComposerLock(), wantErr: ErrNoPackageList},
		{name: "installed object without packages", content: `{"dev": true}`, a: NewInstalledJSON(), wantErr: ErrNoPackageList},
		{name: "null", content: `null`, a: NewInstalledJSON(), wantErr: ErrNoPackageList},
		{name: "wrong version type", content: `{"packages": [{"name": "a/b", "version": 1}]}`, a: NewComposerLock(), wantErr: errJSON},
		{name: "truncated", content: `{"packages": [{"name": "a/b", "version": "1.0"}`, a: NewInstalledJSON(), wantErr: errJSON},
		{name: "truncated composer 1", content: `[{"name": "a/b", "version": "1.0"}`, a: NewInstalledJSON(), wantErr: errJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.a.Parse(context.Background(), path, []byte(tt.content))
			if tt.wantErr != nil {
				if err == nil || got != nil || (tt.wantErr != errJSON && !errors.Is(err, tt.wantErr)) {
					t.Fatalf("got %v, %v; want %v", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := composer(path, tt.want...); !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%swant\n%s", dump(got), dump(want))
			}
		})
	}
}

// errJSON stands for any decoding error.
var errJSON = errors.New("any JSON error")

func FuzzParse(f *testing.F) {
	for _, name := range []string{
		"app/composer.lock",
		"composer2/var/www/html/vendor/composer/installed.json",
		"composer1/app/vendor/composer/installed.json",
	} {
		if b, err := os.ReadFile(filepath.Join(testdata, name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"packages": [{"name": "a/b", "version": "v1"}], "packages-dev": [{"name": "a/b", "version": "2"}]}`))
	f.Add([]byte(`[{"name": "a/b", "version": "1"}, {"name": "a/b", "version": "1"}]`))
	analyzers := []parser{NewComposerLock(), NewComposerLockWithDev(), NewInstalledJSON()}
	f.Fuzz(func(t *testing.T, content []byte) {
		for _, a := range analyzers {
			pkgs, err := a.Parse(context.Background(), "composer.lock", content)
			if err != nil {
				if pkgs != nil {
					t.Fatal("packages returned with an error")
				}
				continue
			}
			seen := map[string]bool{}
			for _, p := range pkgs {
				if !pkgset.ValidToken(p.Name) || !pkgset.ValidToken(p.Version) || p.Ecosystem != inventory.EcosystemComposer || p.Path != "composer.lock" {
					t.Fatalf("bad package %+v", p)
				}
				if seen[p.Name] {
					t.Fatalf("duplicate %+v", p)
				}
				seen[p.Name] = true
			}
		}
	})
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, a := range []parser{NewComposerLock(), NewInstalledJSON()} {
		if _, err := a.Parse(ctx, "x", []byte(`{"packages": []}`)); !errors.Is(err, context.Canceled) {
			t.Errorf("%T: got %v", a, err)
		}
	}
}

// packageParser is the shape pkg/analyzer adapts; it cannot be imported
// from here.
type packageParser interface {
	Name() string
	Version() int
	Required(path string) bool
	Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error)
}

var _ = []packageParser{NewComposerLock(), NewComposerLockWithDev(), NewInstalledJSON()}
