package apk

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/inventory"
)

const (
	testdata = "../../../testdata/analyzer/apk"
	dbPath   = "lib/apk/db/installed"
)

func apk(name, version, arch, origin string) inventory.Package {
	return inventory.Package{
		Name: name, Version: version, Arch: arch, SrcName: origin, SrcVersion: version,
		Ecosystem: inventory.EcosystemAPK, Path: dbPath,
	}
}

func TestParseFixture(t *testing.T) {
	content, err := os.ReadFile(filepath.Join(testdata, "installed"))
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.Package{
		apk("alpine-baselayout-data", "3.4.3-r2", "x86_64", "alpine-baselayout"),
		apk("musl", "1.2.4_git20230717-r4", "x86_64", "musl"),
		apk("busybox", "1.36.1-r15", "x86_64", "busybox"),
		apk("libcrypto3", "3.1.4-r5", "x86_64", "openssl"),
		apk("ca-certificates-bundle", "20230506-r0", "x86_64", "ca-certificates"),
		apk("ssl_client", "1.36.1-r15", "x86_64", "busybox"),
		apk("zlib", "1.3.1-r0", "x86_64", "zlib"),
	}
	a := New()
	if !a.Required(dbPath) {
		t.Fatalf("Required(%q) = false", dbPath)
	}
	for _, variant := range []struct{ name, content string }{
		{"lf", string(content)},
		{"crlf", strings.ReplaceAll(string(content), "\n", "\r\n")},
		{"no trailing blank line", strings.TrimRight(string(content), "\n")},
	} {
		t.Run(variant.name, func(t *testing.T) {
			got, err := a.Parse(context.Background(), dbPath, []byte(variant.content))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestParseRecords(t *testing.T) {
	tests := []struct {
		name, content string
		want          []inventory.Package
		wantErr       error
	}{
		{name: "empty"},
		{name: "blank lines", content: "\n\n  \n"},
		{
			name:    "origin defaults to the name",
			content: "P:tzdata\nV:2024a-r0\nA:x86_64\n",
			want:    []inventory.Package{apk("tzdata", "2024a-r0", "x86_64", "tzdata")},
		},
		{
			name:    "fields in any order and missing arch",
			content: "o:openssl\nV:3.1.4-r5\nP:libssl3\n",
			want:    []inventory.Package{apk("libssl3", "3.1.4-r5", "", "openssl")},
		},
		{
			name:    "records without a version are skipped",
			content: "P:a\nA:x86_64\n\nP:b\nV:1-r0\n",
			want:    []inventory.Package{apk("b", "1-r0", "", "b")},
		},
		{
			name: "malformed records are skipped",
			content: "P:a\nV:1-r0\nthis is not apk\n\n" +
				"P:b\nV:1-r0\nP:c\nV:2-r0\n\n" +
				"P:d e\nV:1-r0\n\n" +
				"P:f\nV:1 -r0\n\n" +
				"V:1-r0\n\n" +
				"P:ok\nV:1-r0\n",
			want: []inventory.Package{apk("ok", "1-r0", "", "ok")},
		},
		{
			name:    "binary garbage",
			content: "\x00\x01\x02\x03\nzzzz\n",
			wantErr: ErrNoPackages,
		},
		{
			name:    "other apk files are not the installed database",
			content: "Q1abc= world\n",
			wantErr: ErrNoPackages,
		},
	}
	a := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Parse(context.Background(), dbPath, []byte(tt.content))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestRequired(t *testing.T) {
	a := New()
	for _, p := range []string{"lib/apk/db/installed.old", "lib/apk/db/scripts.tar", "/lib/apk/db/installed", "usr/lib/apk/db/installed"} {
		if a.Required(p) {
			t.Errorf("Required(%q) = true", p)
		}
	}
}

func TestTooManyRecords(t *testing.T) {
	content := strings.Repeat("P:a\n\n", maxPackages+1)
	if _, err := New().Parse(context.Background(), dbPath, []byte(content)); err == nil {
		t.Fatal("no error for too many records")
	}
}

func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join(testdata, "installed")); err == nil {
		f.Add(b)
	}
	f.Add([]byte("P:a\r\nV:1-r0\r\no:b\r\n\r\nP:c\nV:2\n"))
	f.Add([]byte("P\nV:\n:\n\n"))
	a := New()
	f.Fuzz(func(t *testing.T, content []byte) {
		pkgs, err := a.Parse(context.Background(), dbPath, content)
		if err != nil {
			if pkgs != nil {
				t.Fatal("packages returned with an error")
			}
			return
		}
		for _, p := range pkgs {
			if p.Name == "" || p.Version == "" || p.SrcName == "" || p.SrcVersion != p.Version || p.Ecosystem != inventory.EcosystemAPK {
				t.Fatalf("incomplete package %+v", p)
			}
		}
	})
}
