package vulndb_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	ggcrtypes "github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/palisadesec/palisade/pkg/vulndb"
)

type tarFile struct {
	name string
	data []byte
}

func tarGz(t *testing.T, files ...tarFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		hdr := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg, ModTime: now}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dbFiles returns the two files of a fixture database built from src.
func dbFiles(t *testing.T, src []byte) (db, meta tarFile) {
	t.Helper()
	dir := t.TempDir()
	if err := vulndb.BuildFixture(dir, src, now); err != nil {
		t.Fatal(err)
	}
	read := func(n string) tarFile {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		return tarFile{n, b}
	}
	return read("trivy.db"), read("metadata.json")
}

// registryHost starts an in-process OCI registry and returns its host:port.
func registryHost(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// push publishes layer content as a trivy-db style artifact at ref.
func push(t *testing.T, ref string, layer []byte, mediaType string) {
	t.Helper()
	img := mutate.MediaType(empty.Image, ggcrtypes.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, vulndb.MediaTypeConfig)
	img, err := mutate.AppendLayers(img, static.NewLayer(layer, ggcrtypes.MediaType(mediaType)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r, img); err != nil {
		t.Fatal(err)
	}
}

func pushDB(t *testing.T, ref string, files ...tarFile) {
	t.Helper()
	push(t, ref, tarGz(t, files...), vulndb.MediaTypeLayer)
}

func leftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != "db" && e.Name() != ".db.lock" {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestUpdate(t *testing.T) {
	host := registryHost(t)
	db, meta := dbFiles(t, fixtureYAML(t))
	pushDB(t, host+"/aquasecurity/trivy-db:2", db, meta)

	parent := t.TempDir()
	dir := filepath.Join(parent, "db")
	downloaded := time.Date(2025, 3, 1, 13, 0, 0, 0, time.UTC)
	var progress bytes.Buffer
	// No tag: the schema version tag is implied.
	err := vulndb.Update(context.Background(), dir, []string{host + "/aquasecurity/trivy-db"},
		vulndb.WithInsecure(true), vulndb.WithProgress(&progress), vulndb.WithClock(func() time.Time { return downloaded }))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "Downloading vulnerability database from "+host) ||
		!strings.Contains(progress.String(), "100%") {
		t.Errorf("progress output:\n%s", progress.String())
	}
	got := open(t, dir)
	m := got.Metadata()
	if m.Version != 2 || !m.UpdatedAt.Equal(now) || !m.DownloadedAt.Equal(downloaded) {
		t.Errorf("metadata: %+v", m)
	}
	advs, err := got.Advisories("rocky 9", "openssl-libs")
	if err != nil || len(advs) != 3 || advs[0].FixedVersion != "1:3.0.7-25.el9_3" {
		t.Errorf("rocky 9 openssl-libs: %+v, %v", advs, err)
	}
	if l := leftovers(t, parent); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
	if needs, why, err := vulndb.NeedsUpdate(dir, now.Add(time.Hour)); needs || err != nil {
		t.Errorf("NeedsUpdate after update: %v %q %v", needs, why, err)
	}
	got.Close()

	// A second update replaces the first, even while it is open.
	old := open(t, dir)
	db2, meta2 := dbFiles(t, []byte("nextUpdate: 48h\nvulnerabilities: {CVE-2024-0001: {title: only}}\n"+
		"advisories: [{bucket: \"debian 12\", package: zlib, id: CVE-2024-0001}]\n"))
	pushDB(t, host+"/aquasecurity/trivy-db:2", db2, meta2)
	if err := vulndb.Update(context.Background(), dir, []string{host + "/aquasecurity/trivy-db:2"}, vulndb.WithInsecure(true)); err != nil {
		t.Fatal(err)
	}
	if advs, err := old.Advisories("debian 12", "openssl"); err != nil || len(advs) == 0 {
		t.Errorf("open DB after swap: %d advisories, %v", len(advs), err)
	}
	old.Close()
	got = open(t, dir)
	if advs, err := got.Advisories("debian 12", "zlib"); err != nil || len(advs) != 1 {
		t.Errorf("new DB: %+v, %v", advs, err)
	}
	if advs, _ := got.Advisories("debian 12", "openssl"); len(advs) != 0 {
		t.Errorf("old content still visible: %d advisories", len(advs))
	}
	if l := leftovers(t, parent); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
}

func TestUpdateFallback(t *testing.T) {
	host := registryHost(t)
	db, meta := dbFiles(t, fixtureYAML(t))
	pushDB(t, host+"/mirror/trivy-db:2", db, meta)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadHost := strings.TrimPrefix(dead.URL, "http://")
	dead.Close()

	dir := filepath.Join(t.TempDir(), "db")
	repos := []string{deadHost + "/aquasecurity/trivy-db:2", host + "/missing/trivy-db:2", host + "/mirror/trivy-db:2"}
	if err := vulndb.Update(context.Background(), dir, repos, vulndb.WithInsecure(true)); err != nil {
		t.Fatal(err)
	}
	open(t, dir).Close()

	err := vulndb.Update(context.Background(), dir, repos[:2], vulndb.WithInsecure(true))
	if err == nil {
		t.Fatal("no error with only failing repositories")
	}
	for _, r := range repos[:2] {
		if !strings.Contains(err.Error(), r+": ") {
			t.Errorf("error does not mention %s: %v", r, err)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("multi-line error %q", err)
	}
}

// corruptBlobs damages every blob body, as a broken mirror might.
type corruptBlobs struct{}

func (corruptBlobs) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !strings.Contains(req.URL.Path, "/blobs/") || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	// The gzip trailer is past the tar end marker, so a damaged trailer
	// passes extraction; only the digest over the whole blob catches it.
	b[len(b)-1] ^= 0xff
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func TestUpdateRejectsBadArtifacts(t *testing.T) {
	host := registryHost(t)
	db, meta := dbFiles(t, fixtureYAML(t))
	pushDB(t, host+"/good/trivy-db:2", db, meta)

	oldMeta := tarFile{"metadata.json", []byte(`{"Version":1,"NextUpdate":"2025-03-02T12:00:00Z","UpdatedAt":"2025-03-01T12:00:00Z"}` + "\n")}
	junk := tarFile{"trivy.db", bytes.Repeat([]byte("junk"), 8192)}
	cases := []struct {
		name  string
		setup func(ref string)
		opts  []vulndb.Option
		want  string
	}{
		{"no trivy.db", func(ref string) { pushDB(t, ref, meta) }, nil, "layer has no trivy.db"},
		{"no metadata.json", func(ref string) { pushDB(t, ref, db) }, nil, "layer has no metadata.json"},
		{"path traversal", func(ref string) { pushDB(t, ref, db, meta, tarFile{"../evil", []byte("x")}) }, nil, `unexpected entry "../evil"`},
		{"nested name", func(ref string) { pushDB(t, ref, tarFile{"sub/trivy.db", db.data}, meta) }, nil, "unexpected entry"},
		{"duplicate", func(ref string) { pushDB(t, ref, db, meta, db) }, nil, "duplicate entry"},
		{"old schema", func(ref string) { pushDB(t, ref, db, oldMeta) }, nil, "unsupported DB schema 1"},
		{"junk db", func(ref string) { pushDB(t, ref, junk, meta) }, nil, "vulnerability database corrupted"},
		{"not gzip", func(ref string) { push(t, ref, []byte("plain bytes"), vulndb.MediaTypeLayer) }, nil, "reading layer"},
		{"wrong media type", func(ref string) { push(t, ref, tarGz(t, db, meta), "application/vnd.oci.image.layer.v1.tar+gzip") }, nil, "no layer of media type"},
		{"too large", func(ref string) { pushDB(t, ref, db, meta) }, []vulndb.Option{vulndb.WithMaxSize(4096)}, "exceeds the size limit"},
		{"digest mismatch", func(ref string) { pushDB(t, ref, db, meta) }, []vulndb.Option{vulndb.WithTransport(corruptBlobs{})}, "reading layer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "db")
			if err := vulndb.Update(context.Background(), dir, []string{host + "/good/trivy-db:2"}, vulndb.WithInsecure(true)); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(filepath.Join(dir, "metadata.json"))
			if err != nil {
				t.Fatal(err)
			}

			ref := host + "/bad/" + strings.ReplaceAll(c.name, " ", "-") + ":2"
			c.setup(ref)
			err = vulndb.Update(context.Background(), dir, []string{ref}, append([]vulndb.Option{vulndb.WithInsecure(true)}, c.opts...)...)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want it to contain %q", err, c.want)
			}
			t.Log(err)

			after, err := os.ReadFile(filepath.Join(dir, "metadata.json"))
			if err != nil || !bytes.Equal(before, after) {
				t.Errorf("previous database changed: %v", err)
			}
			got := open(t, dir)
			if advs, err := got.Advisories("debian 12", "openssl"); err != nil || len(advs) == 0 {
				t.Errorf("previous database unusable: %v", err)
			}
			got.Close()
			if l := leftovers(t, parent); len(l) != 0 {
				t.Errorf("left behind: %v", l)
			}
		})
	}
}

func TestUpdateConcurrent(t *testing.T) {
	host := registryHost(t)
	db, meta := dbFiles(t, fixtureYAML(t))
	pushDB(t, host+"/aquasecurity/trivy-db:2", db, meta)
	dir := filepath.Join(t.TempDir(), "db")

	// Each update reports the start and end of its download through its
	// progress writer; serialised updates never overlap.
	var mu sync.Mutex
	var active, maxActive int
	var wg sync.WaitGroup
	var failures atomic.Int32
	for range 4 {
		wg.Go(func() {
			w := progressFunc(func(line string) {
				mu.Lock()
				defer mu.Unlock()
				switch {
				case strings.HasPrefix(line, "Downloading"):
					active++
					maxActive = max(maxActive, active)
				case strings.HasPrefix(line, "Downloaded"):
					active--
				}
			})
			err := vulndb.Update(context.Background(), dir, []string{host + "/aquasecurity/trivy-db:2"},
				vulndb.WithInsecure(true), vulndb.WithProgress(w))
			if err != nil {
				t.Error(err)
				failures.Add(1)
			}
		})
	}
	wg.Wait()
	if maxActive != 1 {
		t.Errorf("%d downloads overlapped", maxActive)
	}
	if failures.Load() == 0 {
		got := open(t, dir)
		if advs, err := got.Advisories("alpine 3.19", "openssl"); err != nil || len(advs) != 6 {
			t.Errorf("after concurrent updates: %d advisories, %v", len(advs), err)
		}
	}
}

type progressFunc func(line string)

func (f progressFunc) Write(p []byte) (int, error) {
	f(string(p))
	return len(p), nil
}

func TestUpdateCancelled(t *testing.T) {
	host := registryHost(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "db")
	err := vulndb.Update(ctx, dir, []string{host + "/aquasecurity/trivy-db:2", host + "/other/trivy-db:2"}, vulndb.WithInsecure(true))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("cancelled update created %s: %v", dir, err)
	}
}

func TestUpdateNotADirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := vulndb.Update(context.Background(), file, nil); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("got %v", err)
	}
}
