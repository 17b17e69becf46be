package vulndb_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aquasecurity/trivy-db/pkg/types"
	bolt "go.etcd.io/bbolt"
	"sigs.k8s.io/yaml"

	"github.com/palisadesec/palisade/pkg/testenv"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

var now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func fixtureYAML(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "vulndb", "advisories.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// buildFixture builds the shared fixture into a fresh directory.
func buildFixture(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "db")
	if err := vulndb.BuildFixture(dir, fixtureYAML(t), now); err != nil {
		t.Fatal(err)
	}
	return dir
}

func open(t testing.TB, path string) *vulndb.DB {
	t.Helper()
	db, err := vulndb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// yamlAdvisory mirrors the fixture's advisory entries, independently of the
// package's own parser.
type yamlAdvisory struct {
	Bucket       string   `json:"bucket"`
	Package      string   `json:"package"`
	ID           string   `json:"id"`
	FixedVersion string   `json:"fixedVersion"`
	Status       string   `json:"status"`
	Severity     string   `json:"severity"`
	VendorIDs    []string `json:"vendorIds"`
}

func TestFixtureRoundTrip(t *testing.T) {
	dir := buildFixture(t)
	db := open(t, dir)

	var doc struct {
		DataSources map[string]struct {
			ID   string `json:"id"`
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"dataSources"`
		Advisories []yamlAdvisory `json:"advisories"`
	}
	if err := yaml.Unmarshal(fixtureYAML(t), &doc); err != nil {
		t.Fatal(err)
	}
	if n := len(doc.Advisories); n < 30 || n > 60 {
		t.Errorf("fixture has %d advisories, want 30-60", n)
	}
	for _, want := range doc.Advisories {
		advs, err := db.Advisories(want.Bucket, want.Package)
		if err != nil {
			t.Fatal(err)
		}
		var got *types.Advisory
		for i := range advs {
			if advs[i].VulnerabilityID == want.ID {
				got = &advs[i]
			}
		}
		if got == nil {
			t.Errorf("%s %s: %s missing", want.Bucket, want.Package, want.ID)
			continue
		}
		wantStatus := types.StatusUnknown
		if want.Status != "" {
			wantStatus = types.NewStatus(want.Status)
		}
		wantSev := types.SeverityUnknown
		if want.Severity != "" {
			wantSev, _ = types.NewSeverity(want.Severity)
		}
		ds := doc.DataSources[want.Bucket]
		if got.FixedVersion != want.FixedVersion || got.Status != wantStatus || got.Severity != wantSev ||
			!reflect.DeepEqual(got.VendorIDs, want.VendorIDs) || got.DataSource == nil ||
			string(got.DataSource.ID) != ds.ID || got.DataSource.Name != ds.Name || got.DataSource.URL != ds.URL {
			t.Errorf("%s %s %s: got %+v (source %+v)", want.Bucket, want.Package, want.ID, *got, got.DataSource)
		}
		if _, err := db.Vulnerability(want.ID); err != nil {
			t.Errorf("%s: %v", want.ID, err)
		}
	}

	// Sorted by ID and limited to the package asked for.
	advs, err := db.Advisories("debian 12", "glibc")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range advs {
		ids = append(ids, a.VulnerabilityID)
	}
	wantIDs := []string{"CVE-2010-4756", "CVE-2019-1010022", "CVE-2023-4911", "CVE-2023-6246", "CVE-2024-2961"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("debian 12 glibc: got %v, want %v", ids, wantIDs)
	}

	v, err := db.Vulnerability("CVE-2023-4911")
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2023, 10, 3, 18, 15, 10, 0, time.UTC)
	if v.Title != "glibc: buffer overflow in ld.so leading to privilege escalation" ||
		v.Severity != "HIGH" ||
		v.VendorSeverity["debian"] != types.SeverityHigh || v.VendorSeverity["nvd"] != types.SeverityHigh ||
		v.CVSS["nvd"] != (types.CVSS{V3Vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", V3Score: 7.8}) ||
		v.PublishedDate == nil || !v.PublishedDate.Equal(published) ||
		!reflect.DeepEqual(v.CweIDs, []string{"CWE-122"}) || len(v.References) != 2 {
		t.Errorf("CVE-2023-4911: got %+v", v)
	}
	v, err = db.Vulnerability("CVE-2010-0928")
	if err != nil {
		t.Fatal(err)
	}
	if v.CVSS["nvd"] != (types.CVSS{V2Vector: "AV:L/AC:H/Au:N/C:C/I:N/A:N", V2Score: 4.0}) {
		t.Errorf("CVE-2010-0928 CVSS: got %+v", v.CVSS)
	}

	if advs, err := db.Advisories("debian 12", "no-such-package"); err != nil || advs != nil {
		t.Errorf("unknown package: got %v, %v", advs, err)
	}
	if advs, err := db.Advisories("no such bucket", "openssl"); err != nil || advs != nil {
		t.Errorf("unknown bucket: got %v, %v", advs, err)
	}
	if _, err := db.Vulnerability("CVE-1999-0001"); !errors.Is(err, vulndb.ErrNotFound) {
		t.Errorf("unknown vulnerability: got %v, want ErrNotFound", err)
	}

	m := db.Metadata()
	if m.Version != 2 || !m.UpdatedAt.Equal(now) || !m.NextUpdate.Equal(now.Add(24*time.Hour)) || !m.DownloadedAt.IsZero() {
		t.Errorf("metadata: got %+v", m)
	}
	if db.Path() != filepath.Join(dir, "trivy.db") {
		t.Errorf("Path: got %s", db.Path())
	}
}

func TestFixtureErrors(t *testing.T) {
	for name, src := range map[string]string{
		"not yaml":               "advisories: [",
		"unknown key":            "vulnerabilities: {CVE-1: {titel: x}}",
		"bad severity":           "vulnerabilities: {CVE-1: {vendorSeverity: {nvd: SEVERE}}}",
		"bad adv severity":       "advisories: [{bucket: b, package: p, id: CVE-1, severity: bad}]",
		"bad status":             "advisories: [{bucket: b, package: p, id: CVE-1, status: broken}]",
		"missing id":             "advisories: [{bucket: b, package: p}]",
		"duplicate":              "advisories: [{bucket: b, package: p, id: C}, {bucket: b, package: p, id: C}]",
		"bad time":               "nextUpdate: tomorrow",
		"Red Hat bucket":         "advisories: [{bucket: Red Hat, package: p, id: CVE-1}]",
		"redhat unknown key":     "redhat: {cpe: [a]}",
		"redhat duplicate cpe":   "redhat: {cpes: [a, a]}",
		"redhat empty indices":   "redhat: {cpes: [a], repositories: {r: []}}",
		"redhat repo index":      "redhat: {cpes: [a], repositories: {r: [1]}}",
		"redhat nvr index":       "redhat: {cpes: [a], nvrs: {nvr-1-x86_64: [-1]}}",
		"redhat missing id":      "redhat: {cpes: [a], advisories: [{package: p, entries: [{cpes: [0], cves: [{id: CVE-1}]}]}]}",
		"redhat no entries":      "redhat: {cpes: [a], advisories: [{package: p, id: RHSA-1}]}",
		"redhat entry index":     "redhat: {cpes: [a], advisories: [{package: p, id: RHSA-1, entries: [{cpes: [1], cves: [{id: CVE-1}]}]}]}",
		"redhat no cves":         "redhat: {cpes: [a], advisories: [{package: p, id: RHSA-1, entries: [{cpes: [0]}]}]}",
		"redhat RHSA without id": "redhat: {cpes: [a], advisories: [{package: p, id: RHSA-1, entries: [{cpes: [0], cves: [{severity: LOW}]}]}]}",
		"redhat other CVE":       "redhat: {cpes: [a], advisories: [{package: p, id: CVE-1, entries: [{cpes: [0], cves: [{id: CVE-2}]}]}]}",
		"redhat bad status":      "redhat: {cpes: [a], advisories: [{package: p, id: CVE-1, entries: [{cpes: [0], status: wontfix, cves: [{}]}]}]}",
		"redhat bad severity":    "redhat: {cpes: [a], advisories: [{package: p, id: CVE-1, entries: [{cpes: [0], cves: [{severity: moderate}]}]}]}",
		"redhat duplicate":       "redhat: {cpes: [a], advisories: [{package: p, id: CVE-1, entries: [{cpes: [0], cves: [{}]}]}, {package: p, id: CVE-1, entries: [{cpes: [0], cves: [{}]}]}]}",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := vulndb.BuildFixture(dir, []byte(src), now); err == nil {
				t.Fatal("no error")
			}
			if _, err := os.Stat(filepath.Join(dir, "trivy.db")); !os.IsNotExist(err) {
				t.Errorf("trivy.db written despite error: %v", err)
			}
		})
	}
}

func TestFixtureTimes(t *testing.T) {
	dir := t.TempDir()
	src := "updatedAt: -2h\nnextUpdate: 2025-03-05T00:00:00Z\n"
	if err := vulndb.BuildFixture(dir, []byte(src), now); err != nil {
		t.Fatal(err)
	}
	db := open(t, dir)
	m := db.Metadata()
	if !m.UpdatedAt.Equal(now.Add(-2*time.Hour)) || !m.NextUpdate.Equal(time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v", m)
	}
	// An empty fixture is still a valid database.
	if advs, err := db.Advisories("debian 12", "openssl"); err != nil || advs != nil {
		t.Errorf("got %v, %v", advs, err)
	}
}

func TestOpenMissing(t *testing.T) {
	parent := t.TempDir()
	for _, p := range []string{
		filepath.Join(parent, "nope"),
		filepath.Join(parent, "nope", "trivy.db"),
		parent,
	} {
		_, err := vulndb.Open(p)
		if !errors.Is(err, vulndb.ErrNoDatabase) {
			t.Fatalf("Open(%s): got %v, want ErrNoDatabase", p, err)
		}
		want := "vulnerability database not found at "
		if !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "run `palisade db update` or pass --db") {
			t.Errorf("Open(%s): message %q", p, err)
		}
	}
	// Opening read-only must not create anything.
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("Open created %v", entries)
	}
}

func writeMeta(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "metadata.json"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOpenMetadata(t *testing.T) {
	t.Run("missing in directory", func(t *testing.T) {
		dir := buildFixture(t)
		os.Remove(filepath.Join(dir, "metadata.json"))
		_, err := vulndb.Open(dir)
		if !errors.Is(err, vulndb.ErrCorrupt) || !strings.Contains(err.Error(), "metadata.json is missing") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("optional next to a named file", func(t *testing.T) {
		dir := buildFixture(t)
		os.Remove(filepath.Join(dir, "metadata.json"))
		db := open(t, filepath.Join(dir, "trivy.db"))
		if m := db.Metadata(); !m.UpdatedAt.IsZero() || m.Version != 0 {
			t.Errorf("got %+v", m)
		}
		if advs, err := db.Advisories("debian 12", "openssl"); err != nil || len(advs) == 0 {
			t.Errorf("got %d advisories, %v", len(advs), err)
		}
	})
	t.Run("wrong schema", func(t *testing.T) {
		dir := buildFixture(t)
		writeMeta(t, dir, `{"Version":1,"NextUpdate":"2025-03-02T12:00:00Z","UpdatedAt":"2025-03-01T12:00:00Z"}`)
		for _, p := range []string{dir, filepath.Join(dir, "trivy.db")} {
			_, err := vulndb.Open(p)
			if !errors.Is(err, vulndb.ErrSchema) || !strings.HasPrefix(err.Error(), "unsupported DB schema 1 ") {
				t.Errorf("Open(%s): got %v", p, err)
			}
		}
	})
	for name, content := range map[string]string{
		"garbage":   "\x00\xffnot json",
		"truncated": `{"Version":2,"NextUpdate":"2025-`,
		"bad time":  `{"Version":2,"NextUpdate":"yesterday"}`,
		"array":     `[1,2,3]`,
		"empty":     ``,
	} {
		t.Run(name, func(t *testing.T) {
			dir := buildFixture(t)
			writeMeta(t, dir, content)
			if _, err := vulndb.Open(dir); !errors.Is(err, vulndb.ErrCorrupt) {
				t.Errorf("got %v, want ErrCorrupt", err)
			}
			if needs, _, err := vulndb.NeedsUpdate(dir, now); err != nil || !needs {
				t.Errorf("NeedsUpdate: got %v, %v", needs, err)
			}
		})
	}
	t.Run("wrong file name", func(t *testing.T) {
		dir := buildFixture(t)
		other := filepath.Join(dir, "other.db")
		if err := os.Rename(filepath.Join(dir, "trivy.db"), other); err != nil {
			t.Fatal(err)
		}
		if _, err := vulndb.Open(other); err == nil || !strings.Contains(err.Error(), "must be named trivy.db") {
			t.Errorf("got %v", err)
		}
	})
}

func TestOpenCorrupt(t *testing.T) {
	goodPath := filepath.Join(buildFixture(t), "trivy.db")
	good, err := os.ReadFile(goodPath)
	if err != nil {
		t.Fatal(err)
	}
	// bbolt files are longer than the pages in use; cut just inside them.
	var used int64
	bdb, err := bolt.Open(goodPath, 0, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	bdb.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	bdb.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	// Keep bbolt's meta pages but scramble everything after them.
	scrambled := bytes.Clone(good)
	copy(scrambled[8192:], random)
	cases := map[string][]byte{
		"empty":          {},
		"random":         random,
		"zeros":          make([]byte, 64<<10),
		"text":           []byte("this is not a bolt database\n"),
		"truncated 100":  good[:100],
		"truncated 4k":   good[:4096],
		"truncated 8k":   good[:8192],
		"truncated half": good[:len(good)/2],
		"truncated used": good[:used-1],
		"scrambled":      scrambled,
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			dir := buildFixture(t)
			file := filepath.Join(dir, "trivy.db")
			if err := os.WriteFile(file, content, 0o644); err != nil {
				t.Fatal(err)
			}
			db, err := vulndb.Open(dir)
			if err == nil {
				// A scrambled body may still pass the quick check; reads
				// must then fail cleanly rather than crash.
				defer db.Close()
				if name != "scrambled" {
					t.Fatal("Open succeeded")
				}
				_, err1 := db.Advisories("debian 12", "openssl")
				_, err2 := db.Vulnerability("CVE-2023-4911")
				t.Logf("reads on scrambled DB: %v / %v", err1, err2)
			} else {
				if !errors.Is(err, vulndb.ErrCorrupt) {
					t.Errorf("got %v, want ErrCorrupt", err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("multi-line error %q", err)
				}
				t.Log(err)
			}
			after, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("file gone: %v", err)
			}
			if !bytes.Equal(after, content) {
				t.Error("file modified")
			}
			if needs, _, err := vulndb.NeedsUpdate(dir, now); err != nil || (!needs && name != "scrambled") {
				t.Errorf("NeedsUpdate: got %v, %v", needs, err)
			}
		})
	}
}

func TestOpenSharesHandle(t *testing.T) {
	a, b := buildFixture(t), buildFixture(t)
	dbA := open(t, a)
	if _, err := vulndb.Open(b); !errors.Is(err, vulndb.ErrBusy) {
		t.Fatalf("second DB: got %v, want ErrBusy", err)
	}
	dbA2 := open(t, filepath.Join(a, "trivy.db"))
	if err := dbA.Close(); err != nil {
		t.Fatal(err)
	}
	if err := dbA.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := dbA.Advisories("debian 12", "openssl"); !errors.Is(err, vulndb.ErrClosed) {
		t.Errorf("read after Close: got %v", err)
	}
	// The handle stays open for the other user.
	if advs, err := dbA2.Advisories("debian 12", "openssl"); err != nil || len(advs) == 0 {
		t.Fatalf("shared handle: %d advisories, %v", len(advs), err)
	}
	dbA2.Close()
	dbB := open(t, b)
	if advs, err := dbB.Advisories("alpine 3.19", "busybox"); err != nil || len(advs) != 2 {
		t.Fatalf("after reopen: %d advisories, %v", len(advs), err)
	}
}

func TestConcurrentReads(t *testing.T) {
	db := open(t, buildFixture(t))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 16 {
		wg.Go(func() {
			for j := range 50 {
				advs, err := db.Advisories("debian 12", "openssl")
				if err != nil || len(advs) != 8 {
					errs <- fmt.Errorf("goroutine %d: %d advisories, %v", i, len(advs), err)
					return
				}
				if _, err := db.Vulnerability(advs[j%len(advs)].VulnerabilityID); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestNeedsUpdate(t *testing.T) {
	dir := buildFixture(t)
	cases := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"fresh", now.Add(time.Hour), false},
		{"at NextUpdate", now.Add(24 * time.Hour), false},
		{"past NextUpdate", now.Add(25 * time.Hour), true},
	}
	for _, c := range cases {
		needs, why, err := vulndb.NeedsUpdate(dir, c.at)
		if err != nil || needs != c.want || why == "" {
			t.Errorf("%s: got %v %q %v, want %v", c.name, needs, why, err, c.want)
		}
	}

	needs, why, err := vulndb.NeedsUpdate(filepath.Join(t.TempDir(), "none"), now)
	if err != nil || !needs || !strings.Contains(why, "no database") {
		t.Errorf("missing: got %v %q %v", needs, why, err)
	}

	noMeta := buildFixture(t)
	os.Remove(filepath.Join(noMeta, "metadata.json"))
	if needs, _, err := vulndb.NeedsUpdate(noMeta, now); err != nil || !needs {
		t.Errorf("no metadata: got %v %v", needs, err)
	}

	oldSchema := buildFixture(t)
	writeMeta(t, oldSchema, `{"Version":1,"NextUpdate":"2099-01-01T00:00:00Z","UpdatedAt":"2025-03-01T12:00:00Z"}`)
	if needs, why, err := vulndb.NeedsUpdate(oldSchema, now); err != nil || !needs || !strings.Contains(why, "schema 1") {
		t.Errorf("old schema: got %v %q %v", needs, why, err)
	}

	st, err := vulndb.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Dir != dir || st.Path != filepath.Join(dir, "trivy.db") || st.Size <= 0 || !st.HasMetadata ||
		st.Metadata.Version != 2 || st.Age(now.Add(3*time.Hour)) != 3*time.Hour {
		t.Errorf("Stat: got %+v", st)
	}
	if stale, _ := st.Stale(now.Add(48 * time.Hour)); !stale {
		t.Error("Stale: want true two days later")
	}
	st.HasMetadata = false
	if stale, why := st.Stale(now.Add(48 * time.Hour)); stale || !strings.Contains(why, "unknown") {
		t.Errorf("Stale without metadata: got %v %q", stale, why)
	}
	if _, err := vulndb.Stat(filepath.Join(t.TempDir(), "none")); !errors.Is(err, vulndb.ErrNoDatabase) {
		t.Errorf("Stat missing: got %v", err)
	}
}

func TestDefaultDir(t *testing.T) {
	d, err := vulndb.DefaultDir()
	if err != nil {
		testenv.Skip(t, "no user cache directory: %v", err)
	}
	if filepath.Base(d) != "db" || filepath.Base(filepath.Dir(d)) != "palisade" {
		t.Errorf("got %s", d)
	}
}

// A file damaged after Open (here truncated under bbolt's mmap, which faults
// on access) must make reads fail, not crash the process.
func TestReadAfterDamage(t *testing.T) {
	dir := buildFixture(t)
	db := open(t, dir)
	if err := os.Truncate(filepath.Join(dir, "trivy.db"), 4096); err != nil {
		t.Fatal(err)
	}
	_, err := db.Advisories("debian 12", "openssl")
	if !errors.Is(err, vulndb.ErrCorrupt) {
		t.Errorf("Advisories: got %v, want ErrCorrupt", err)
	}
	_, err = db.Vulnerability("CVE-2023-4911")
	if !errors.Is(err, vulndb.ErrCorrupt) {
		t.Errorf("Vulnerability: got %v, want ErrCorrupt", err)
	}
	t.Log(err)
}

func TestOpenLockedByWriter(t *testing.T) {
	dir := buildFixture(t)
	w, err := bolt.Open(filepath.Join(dir, "trivy.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	start := time.Now()
	_, err = vulndb.Open(dir, vulndb.WithOpenTimeout(100*time.Millisecond))
	if err == nil || !strings.Contains(err.Error(), "locked by another process") {
		t.Errorf("got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("waited %s", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "trivy.db")); err != nil {
		t.Errorf("file gone: %v", err)
	}
}

// The format documentation must stay buildable.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "testdata", "vulndb", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```yaml\n")
	if !ok {
		t.Fatal("no yaml block in README")
	}
	example, _, _ := strings.Cut(rest, "```")
	dir := t.TempDir()
	if err := vulndb.BuildFixture(dir, []byte(example), now); err != nil {
		t.Fatal(err)
	}
	db := open(t, dir)
	advs, err := db.Advisories("debian 12", "openssl")
	if err != nil || len(advs) != 1 || advs[0].Status != types.StatusAffected || advs[0].Arches[0] != "x86_64" {
		t.Errorf("got %+v, %v", advs, err)
	}
	rh, err := db.RedHatAdvisories("openssl-libs", nil, []string{"ubi9-container-9.3-1552-x86_64"})
	if err != nil || len(rh) != 2 || rh[0].VulnerabilityID != "CVE-2023-5678" || rh[0].VendorIDs[0] != "RHSA-2024:2447" || rh[1].Status != types.StatusAffected {
		t.Errorf("Red Hat: got %+v, %v", rh, err)
	}
	if m := db.Metadata(); !m.UpdatedAt.Equal(now.Add(-time.Hour)) {
		t.Errorf("updatedAt: %v", m.UpdatedAt)
	}
}
