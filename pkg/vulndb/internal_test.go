package vulndb

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/static"
	ggcrtypes "github.com/google/go-containerregistry/pkg/v1/types"
	bolt "go.etcd.io/bbolt"
)

func TestFixtureLooksPublished(t *testing.T) {
	src, err := os.ReadFile("../../testdata/vulndb/advisories.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := BuildFixture(dir, src, time.Now()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, DBFile)
	if err := checkBolt(file, time.Second, true); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(file, 0, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	bdb.View(func(tx *bolt.Tx) error {
		for _, b := range scratchBuckets {
			if tx.Bucket([]byte(b)) != nil {
				t.Errorf("scratch bucket %q left in fixture", b)
			}
		}
		// Advisories are nested bucket -> package -> ID, as trivy-db stores them.
		if v := tx.Bucket([]byte("debian 12")).Bucket([]byte("openssl")).Get([]byte("CVE-2010-0928")); !bytes.Contains(v, []byte(`"Status":2`)) {
			t.Errorf("debian 12/openssl/CVE-2010-0928 = %s, want Status 2 (affected)", v)
		}
		// Red Hat's as trivy-db's redhat-oval source lays them out: entries
		// with CPE indices, a status only where unfixed, and the CPE mapping.
		rh := tx.Bucket([]byte("Red Hat")).Bucket([]byte("glibc"))
		if v := rh.Get([]byte("RHSA-2024:3339")); !bytes.Contains(v, []byte(`"Affected":[5]`)) ||
			!bytes.Contains(v, []byte(`"Cves":[{"ID":"CVE-2024-2961","Severity":3},{"ID":"CVE-2024-33599","Severity":3}]`)) ||
			bytes.Contains(v, []byte(`"Status"`)) {
			t.Errorf("Red Hat/glibc/RHSA-2024:3339 = %s", v)
		}
		if v := rh.Get([]byte("CVE-2019-1010022")); !bytes.Contains(v, []byte(`"Status":5`)) || !bytes.Contains(v, []byte(`"Cves":[{"Severity":1}]`)) {
			t.Errorf("Red Hat/glibc/CVE-2019-1010022 = %s, want Status 5 (will_not_fix)", v)
		}
		cpe := tx.Bucket([]byte("Red Hat CPE"))
		if v := cpe.Bucket([]byte("repository")).Get([]byte("rhel-9-for-x86_64-baseos-rpms")); string(v) != "[5]" {
			t.Errorf("repository rhel-9-for-x86_64-baseos-rpms = %s", v)
		}
		if v := cpe.Bucket([]byte("nvr")).Get([]byte("ubi9-container-9.3-1552-x86_64")); string(v) != "[1,5]" {
			t.Errorf("nvr ubi9-container-9.3-1552-x86_64 = %s", v)
		}
		if v := cpe.Bucket([]byte("cpe")).Get([]byte("5")); string(v) != `"cpe:/o:redhat:enterprise_linux:9::baseos"` {
			t.Errorf("cpe 5 = %s", v)
		}
		return nil
	})
}

// wrongDigest is a layer whose content does not match its advertised digest.
type wrongDigest struct{ v1.Layer }

func (wrongDigest) Digest() (v1.Hash, error) {
	return v1.NewHash("sha256:" + strings.Repeat("0", 64))
}

func TestExtractVerifiesDigest(t *testing.T) {
	layer := static.NewLayer([]byte("whatever"), ggcrtypes.MediaType(MediaTypeLayer))
	o := newOptions(nil)
	// The content is not even gzip: the digest is checked regardless of
	// where the stream fails, but here it must fail at the digest.
	err := extract(wrongDigest{layer}, t.TempDir(), "test", o)
	if err == nil {
		t.Fatal("no error")
	}
	// Build a valid tar.gz to reach the digest comparison.
	var buf bytes.Buffer
	if err := writeTestTarGz(&buf); err != nil {
		t.Fatal(err)
	}
	layer = static.NewLayer(buf.Bytes(), ggcrtypes.MediaType(MediaTypeLayer))
	err = extract(wrongDigest{layer}, t.TempDir(), "test", o)
	if err == nil || !strings.Contains(err.Error(), "layer digest mismatch") {
		t.Fatalf("got %v, want digest mismatch", err)
	}
	if err := extract(layer, t.TempDir(), "test", o); err != nil {
		t.Fatalf("correct digest: %v", err)
	}
}

func TestRecoverSwap(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "db")
	// A crash between the two renames: the previous database is at the
	// backup path, the new one in a temporary directory.
	if err := os.MkdirAll(backupPath(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(backupPath(dir), DBFile), []byte("previous"), 0o644)
	tmp, err := os.MkdirTemp(parent, tempPrefix(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := recoverSwap(dir); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, DBFile)); err != nil || string(b) != "previous" {
		t.Errorf("previous database not restored: %q, %v", b, err)
	}
	for _, p := range []string{backupPath(dir), tmp} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s not cleaned up: %v", p, err)
		}
	}
	// With dir present a stale backup is just removed.
	os.MkdirAll(backupPath(dir), 0o755)
	if err := recoverSwap(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(backupPath(dir)); !os.IsNotExist(err) {
		t.Errorf("stale backup kept: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, DBFile)); string(b) != "previous" {
		t.Errorf("dir changed: %q", b)
	}
}

func TestSwapFallback(t *testing.T) {
	exchangeFunc = func(_, _ string) error { return errors.New("unsupported") }
	t.Cleanup(func() { exchangeFunc = exchange })
	parent := t.TempDir()
	dir := filepath.Join(parent, "db")
	for i, content := range []string{"one", "two", "three"} {
		tmp, err := os.MkdirTemp(parent, tempPrefix(dir))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(tmp, DBFile), []byte(content), 0o644)
		if err := swap(dir, tmp); err != nil {
			t.Fatalf("swap %d: %v", i, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, DBFile)); string(b) != content {
			t.Errorf("swap %d: got %q", i, b)
		}
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 {
			t.Errorf("swap %d left %v", i, entries)
		}
	}
}

func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	release, err := acquireLock(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := acquireLock(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock: got %v, want deadline exceeded", err)
	}
	done := make(chan error, 1)
	go func() {
		r, err := acquireLock(context.Background(), path)
		if err == nil {
			r()
		}
		done <- err
	}()
	time.Sleep(2 * lockPoll)
	if err := release(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("waiter never got the lock")
	}
}

func TestParseMetadataGarbage(t *testing.T) {
	inputs := [][]byte{nil, []byte("{"), []byte(`{"Version":"two"}`), []byte(`{"UpdatedAt":12}`), []byte("\xff\xfe\x00"), bytes.Repeat([]byte("["), 100000)}
	for _, in := range inputs {
		if _, err := parseMetadata("metadata.json", in); err == nil {
			t.Errorf("%q: no error", in[:min(len(in), 20)])
		}
	}
	m, err := parseMetadata("metadata.json", []byte(`{"Version":2,"NextUpdate":"2025-03-02T00:00:00Z","UpdatedAt":"2025-03-01T00:00:00Z","DownloadedAt":"0001-01-01T00:00:00Z"}`))
	if err != nil || m.Version != 2 || m.NextUpdate.IsZero() {
		t.Errorf("valid: %+v, %v", m, err)
	}
}

func writeTestTarGz(w io.Writer) error {
	src, err := os.ReadFile("../../testdata/vulndb/advisories.yaml")
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "vulndb-test-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := BuildFixture(dir, src, time.Now()); err != nil {
		return err
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, n := range []string{DBFile, MetadataFile} {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}
