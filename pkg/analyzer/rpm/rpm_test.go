package rpm

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	gorpmdb "github.com/knqyf263/go-rpmdb/pkg"

	"github.com/palisadesec/palisade/pkg/analyzer/rpm/internal/rpmdb"
	"github.com/palisadesec/palisade/pkg/analyzer/rpm/internal/rpmdbtest"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// The fixtures are go-rpmdb's own test databases (MIT licensed): a RHEL 8
// Berkeley DB holding libuuid, a SLE 15 BCI ndb Packages.db and a CBL-Mariner
// 2.0 rpmdb.sqlite (in WAL mode, as rpm leaves it).
const testdata = "../../../testdata/analyzer/rpm"

const (
	bdbFixture    = "bdb-libuuid/Packages"
	ndbFixture    = "ndb-sle15-bci/Packages.db"
	sqliteFixture = "sqlite-cbl-mariner-2.0/rpmdb.sqlite"
)

func rpmPkg(name string, epoch int, version, release, arch, srcName, srcVersion, srcRelease, path string) inventory.Package {
	return inventory.Package{
		Name: name, Epoch: epoch, Version: version, Release: release, Arch: arch,
		SrcName: srcName, SrcEpoch: epoch, SrcVersion: srcVersion, SrcRelease: srcRelease,
		Ecosystem: inventory.EcosystemRPM, Path: path,
	}
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		fixture, path string
		count         int
		want          []inventory.Package // among others
	}{
		{
			fixture: bdbFixture,
			path:    "var/lib/rpm/Packages",
			count:   1,
			want: []inventory.Package{
				rpmPkg("libuuid", 0, "2.32.1", "42.el8_8", "x86_64", "util-linux", "2.32.1", "42.el8_8", "var/lib/rpm/Packages"),
			},
		},
		{
			fixture: ndbFixture,
			path:    "usr/lib/sysimage/rpm/Packages.db",
			count:   35,
			want: []inventory.Package{
				rpmPkg("system-user-root", 0, "20190513", "3.3.1", "noarch", "system-user-root", "20190513", "3.3.1", "usr/lib/sysimage/rpm/Packages.db"),
				rpmPkg("libpcre1", 0, "8.45", "20.10.1", "x86_64", "pcre", "8.45", "20.10.1", "usr/lib/sysimage/rpm/Packages.db"),
				rpmPkg("libreadline7", 0, "7.0", "19.6.1", "x86_64", "bash", "4.4", "19.6.1", "usr/lib/sysimage/rpm/Packages.db"),
			},
		},
		{
			fixture: sqliteFixture,
			path:    "var/lib/rpm/rpmdb.sqlite",
			count:   129,
			want: []inventory.Package{
				rpmPkg("mariner-release", 0, "2.0", "4.cm2", "noarch", "mariner-release", "2.0", "4.cm2", "var/lib/rpm/rpmdb.sqlite"),
				rpmPkg("openssl-libs", 0, "1.1.1k", "7.cm2", "x86_64", "openssl", "1.1.1k", "7.cm2", "var/lib/rpm/rpmdb.sqlite"),
				rpmPkg("curl", 0, "7.76.0", "6.cm2", "x86_64", "curl", "7.76.0", "6.cm2", "var/lib/rpm/rpmdb.sqlite"),
				rpmPkg("ca-certificates-tools", 1, "2.0.0", "1.cm2", "noarch", "ca-certificates", "2.0.0", "1.cm2", "var/lib/rpm/rpmdb.sqlite"),
			},
		},
	}
	a := New()
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			if !a.Required(tt.path) {
				t.Fatalf("Required(%q) = false", tt.path)
			}
			got, err := a.Parse(context.Background(), tt.path, readFixture(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.count {
				t.Fatalf("got %d packages, want %d", len(got), tt.count)
			}
			byName := map[string]inventory.Package{}
			for _, p := range got {
				byName[p.Name] = p
			}
			for _, want := range tt.want {
				if byName[want.Name] != want {
					t.Errorf("got  %+v\nwant %+v", byName[want.Name], want)
				}
			}
		})
	}
}

// TestSameAsGoRpmdb compares every package with what go-rpmdb reads from the
// same database: the fixtures always, and all of go-rpmdb's test databases
// (CentOS 5 to 8, UBI 8 on s390x, Fedora 35, ...) when its module is in the
// module cache.
func TestSameAsGoRpmdb(t *testing.T) {
	files := []string{filepath.Join(testdata, bdbFixture), filepath.Join(testdata, ndbFixture), filepath.Join(testdata, sqliteFixture)}
	modCache := os.Getenv("GOMODCACHE")
	if modCache == "" {
		modCache = filepath.Join(build.Default.GOPATH, "pkg", "mod")
	}
	upstream := filepath.Join(modCache, "github.com/knqyf263/go-rpmdb@v0.1.1/pkg/testdata")
	if _, err := os.Stat(upstream); err == nil && !testing.Short() {
		_ = filepath.WalkDir(upstream, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (d.Name() == "Packages" || d.Name() == "Packages.db" || d.Name() == "rpmdb.sqlite") {
				files = append(files, p)
			}
			return nil
		})
	} else {
		t.Logf("go-rpmdb test databases not found under %s; comparing the fixtures only", upstream)
	}
	a := New()
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			content, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := a.Parse(context.Background(), "var/lib/rpm/Packages", content)
			if err != nil {
				t.Fatal(err)
			}
			want := goRpmdbPackages(t, content)
			if len(got) != len(want) {
				t.Fatalf("got %d packages, go-rpmdb %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("package %d:\n got     %+v\n go-rpmdb %+v", i, got[i], want[i])
				}
			}
		})
	}
}

func goRpmdbPackages(t *testing.T, content []byte) []inventory.Package {
	t.Helper()
	// go-rpmdb opens by path, and SQLite wants a writable directory for WAL databases.
	p := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := gorpmdb.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.ListPackages()
	if err != nil {
		t.Fatal(err)
	}
	var out []inventory.Package
	for _, p := range list {
		if p.Name == "gpg-pubkey" {
			continue
		}
		out = append(out, toPackage(rpmdb.Header{
			Name: p.Name, Version: p.Version, Release: p.Release, Arch: p.Arch,
			SourceRPM: p.SourceRpm, Epoch: p.EpochNum(),
		}, "var/lib/rpm/Packages"))
	}
	return out
}

func TestSplitSourceRPM(t *testing.T) {
	tests := []struct {
		in, name, version, release string
		ok                         bool
	}{
		{"openssl-3.0.7-25.el9_3.src.rpm", "openssl", "3.0.7", "25.el9_3", true},
		{"util-linux-2.32.1-42.el8_8.src.rpm", "util-linux", "2.32.1", "42.el8_8", true},
		{"python3.11-setuptools-65.5.1-2.el9.src.rpm", "python3.11-setuptools", "65.5.1", "2.el9", true},
		{"kernel-5.14.0-362.8.1.el9_3.nosrc.rpm", "kernel", "5.14.0", "362.8.1.el9_3", true},
		{"(none)", "", "", "", false},
		{"", "", "", "", false},
		{"openssl-3.0.7.src.rpm", "", "", "", false},
		{"-3.0.7-1.src.rpm", "", "", "", false},
		{"a--1.src.rpm", "", "", "", false},
		{"a-1-.src.rpm", "", "", "", false},
		{"openssl-3.0.7-25.el9_3.x86_64.rpm", "", "", "", false},
		{".src.rpm", "", "", "", false},
	}
	for _, tt := range tests {
		n, v, r, ok := splitSourceRPM(tt.in)
		if n != tt.name || v != tt.version || r != tt.release || ok != tt.ok {
			t.Errorf("splitSourceRPM(%q) = %q, %q, %q, %v", tt.in, n, v, r, ok)
		}
	}
}

// TestEveryFormat reads the same real headers from a database of each
// format and checks the analyzer reports the same packages.
func TestEveryFormat(t *testing.T) {
	blobs := ndbBlobs(t)[:5]
	blobs = append(blobs, rpmdbtest.NEVRA("gpg-pubkey", 0, "fd431d51", "4ae0493b", "", "(none)"))
	want, err := New().Parse(context.Background(), "p", rpmdbtest.NDB(blobs))
	if err != nil || len(want) != 5 {
		t.Fatalf("ndb: %d packages, %v", len(want), err)
	}
	for name, db := range map[string][]byte{
		"bdb":            rpmdbtest.BDB(blobs, 4096),
		"bdb big-endian": rpmdbtest.SwapBDB(rpmdbtest.BDB(blobs, 1024)),
		"sqlite":         buildSQLite(t, blobs, ""),
	} {
		got, err := New().Parse(context.Background(), "p", db)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d packages, want %d", name, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: package %d = %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
}

// TestDamagedDatabases: each input must give an error, never a panic or a
// hang. Damaged Berkeley DB and ndb files are covered in internal/rpmdb;
// these are the SQLite ones, hostile schemas, and what the analyzer adds.
func TestDamagedDatabases(t *testing.T) {
	sqlite := readFixture(t, sqliteFixture)
	good := rpmdbtest.NEVRA("a", 0, "1", "1", "x86_64", "")
	damaged := map[string][]byte{
		"empty":                  {},
		"unknown format":         []byte("not a database at all, just some text that is long enough to look at"),
		"all headers damaged":    rpmdbtest.NDB([][]byte{[]byte("not a header"), {0, 0, 0, 1, 0, 0, 0, 1}}),
		"damaged bdb":            rpmdbtest.BDB([][]byte{good}, 512)[:1000],
		"damaged ndb":            rpmdbtest.NDB([][]byte{good})[:4100],
		"sqlite header only":     sqlite[:100],
		"sqlite first page only": sqlite[:4096],
		"sqlite garbage pages":   append(bytes.Clone(sqlite[:100]), bytes.Repeat([]byte{0xa5}, 3*4096)...),
		// Selecting from these would run arbitrary SQL: an endless recursive
		// query, or a gigabyte computed for every row.
		"sqlite view":              buildSQLite(t, nil, "CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT randomblob(16) AS blob FROM c"),
		"sqlite computed column":   buildSQLite(t, nil, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, seed BLOB, blob BLOB GENERATED ALWAYS AS (zeroblob(1000000000)) VIRTUAL)"),
		"sqlite virtual table":     buildSQLite(t, nil, "CREATE VIRTUAL TABLE Packages USING fts5(blob)"),
		"sqlite no Packages table": buildSQLite(t, nil, "CREATE TABLE Other (blob BLOB)"),
		"sqlite no blob column":    buildSQLite(t, nil, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY)"),
	}
	for name, content := range damaged {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			var pkgs []inventory.Package
			var err error
			go func() {
				defer close(done)
				pkgs, err = New().Parse(context.Background(), "var/lib/rpm/Packages", content)
			}()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Parse did not return")
			}
			if err == nil {
				t.Errorf("no error; %d packages", len(pkgs))
			}
			t.Log(err)
		})
	}
}

// TestSQLiteTruncatedMidway: SQLite may still read a table whose pages lie
// before the cut, so a truncated file either fails or yields a subset.
func TestSQLiteTruncatedMidway(t *testing.T) {
	full := readFixture(t, sqliteFixture)
	for _, n := range []int{len(full) / 4, len(full) / 2, len(full) - 4096} {
		pkgs, err := New().Parse(context.Background(), "var/lib/rpm/rpmdb.sqlite", full[:n])
		if err == nil && len(pkgs) > 129 {
			t.Errorf("cut at %d: %d packages", n, len(pkgs))
		}
	}
}

func TestNoTemporaryFilesLeft(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	for _, content := range [][]byte{readFixture(t, sqliteFixture), readFixture(t, sqliteFixture)[:4096]} {
		_, _ = New().Parse(context.Background(), "var/lib/rpm/rpmdb.sqlite", content)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New().Parse(ctx, "var/lib/rpm/rpmdb.sqlite", readFixture(t, sqliteFixture))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("sqlite: err = %v", err)
	}
}

func TestTooManyPackages(t *testing.T) {
	// A database with that many headers would be large; feed the headers
	// straight to the step that counts them.
	blob := rpmdbtest.NEVRA("a", 0, "1", "1", "x86_64", "")
	pkgs, err := parseBlobs(context.Background(), "p", func(ctx context.Context, fn func([]byte) error) error {
		for range maxPackages + 1 {
			if err := fn(blob); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		t.Fatalf("no error; %d packages", len(pkgs))
	}
}

func TestRequired(t *testing.T) {
	a := New()
	for _, p := range []string{"var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db", "usr/lib/sysimage/rpm/rpmdb.sqlite"} {
		if !a.Required(p) {
			t.Errorf("Required(%q) = false", p)
		}
	}
	for _, p := range []string{"var/lib/rpm/Name", "var/lib/rpm/rpmdb.sqlite-wal", "var/lib/rpm/rpmdb.sqlite-shm", "var/lib/rpm/__db.001", "/var/lib/rpm/Packages"} {
		if a.Required(p) {
			t.Errorf("Required(%q) = true", p)
		}
	}
}

// FuzzParse runs the whole analyzer, SQLite included. The inputs are
// kilobytes (an ndb slot page alone is 4 KiB), and Go minimises every new
// input by trying to cut each pair of offsets, which stalls fuzzing for the
// default minute each time; run with -fuzzminimizetime=200x. The Berkeley DB,
// ndb and header code is fuzzed faster in internal/rpmdb, without the SQLite
// driver's large coverage map.
func FuzzParse(f *testing.F) {
	small := [][]byte{
		rpmdbtest.NEVRA("bash", 0, "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm"),
		rpmdbtest.NEVRA("shadow-utils", 2, "4.9", "8.el9", "x86_64", "shadow-utils-4.9-8.el9.src.rpm"),
	}
	for _, seed := range [][]byte{
		rpmdbtest.NDB(small),
		rpmdbtest.BDB(small, 512),
		buildSQLite(f, small, ""),
	} {
		f.Add(seed)
	}
	a := New()
	f.Fuzz(func(t *testing.T, content []byte) {
		pkgs, err := a.Parse(context.Background(), "var/lib/rpm/Packages", content)
		if err != nil {
			if pkgs != nil {
				t.Fatal("packages returned with an error")
			}
			return
		}
		for _, p := range pkgs {
			if p.Name == "" || p.Version == "" || p.SrcName == "" || p.Ecosystem != inventory.EcosystemRPM || p.Epoch < 0 {
				t.Fatalf("incomplete package %+v", p)
			}
		}
	})
}

// TestSQLiteHardening checks the connection settings are applied, not
// silently ignored by the driver.
func TestSQLiteHardening(t *testing.T) {
	p := filepath.Join(t.TempDir(), "rpmdb.sqlite")
	if err := os.WriteFile(p, readFixture(t, sqliteFixture), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", sqliteDSN(p))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for pragma, want := range map[string]int{"trusted_schema": 0, "query_only": 1, "cell_size_check": 1, "mmap_size": 0} {
		var got int
		if err := db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %d, %v; want %d", pragma, got, err, want)
		}
	}
	if _, err := db.Exec("DELETE FROM Packages"); err == nil {
		t.Error("database is writable")
	}
	entries, err := os.ReadDir(filepath.Dir(p))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("files next to the database: %v", entries)
	}
}
