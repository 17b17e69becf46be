package vulndb

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	trivydb "github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

const (
	// DefaultRepository is where Aqua Security publishes trivy-db.
	DefaultRepository = "ghcr.io/aquasecurity/trivy-db:2"
	// MediaTypeConfig and MediaTypeLayer are the media types of the trivy-db
	// artifact's config and of its one layer, a gzipped tar holding trivy.db
	// and metadata.json.
	MediaTypeConfig = "application/vnd.aquasec.trivy.config.v1+json"
	MediaTypeLayer  = "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip"
)

var errTooLarge = errors.New("exceeds the size limit")

// Update downloads the trivy-db artifact into the database directory dir (""
// for DefaultDir), trying repos in order (none means DefaultRepository) until
// one succeeds; the error of each failed repository is kept in the result.
// A reference without a tag gets the schema version tag, as trivy does.
//
// The layer's digest, both files, the schema and every bucket and value of
// the bbolt file are verified in a temporary directory next to dir before
// it replaces dir, so an interrupted or failed update leaves the previous
// database in place. A lock file next to dir serialises concurrent
// updates, also across processes. On Windows the swap fails while the
// database is open.
func Update(ctx context.Context, dir string, repos []string, opts ...Option) error {
	o := newOptions(opts)
	if len(repos) == 0 {
		repos = []string{DefaultRepository}
	}
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return err
		}
		dir = d
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("updating vulnerability database: %w", err)
	}
	// Swap the directory a symlink points to, not the link.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	if fi, err := os.Lstat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("updating vulnerability database: %s is not a directory", dir)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("updating vulnerability database: %w", err)
	}
	release, err := acquireLock(ctx, lockPath(dir))
	if err != nil {
		return fmt.Errorf("updating vulnerability database: %w", err)
	}
	defer release()
	if err := recoverSwap(dir); err != nil {
		return fmt.Errorf("updating vulnerability database: %w", err)
	}

	var errs joinedErrors
	for _, repo := range repos {
		if repo = strings.TrimSpace(repo); repo == "" {
			continue
		}
		tmp, err := fetch(ctx, dir, repo, o)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", repo, err))
			if ctx.Err() != nil {
				break
			}
			continue
		}
		if err := swap(dir, tmp); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("installing vulnerability database from %s: %w", repo, err)
		}
		return nil
	}
	if len(errs) == 0 {
		return errors.New("updating vulnerability database: no repository given")
	}
	return fmt.Errorf("updating vulnerability database: %w", errs)
}

// joinedErrors is errors.Join on one line, which reads better in a CLI.
type joinedErrors []error

func (e joinedErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (e joinedErrors) Unwrap() []error { return e }

// Names next to dir; the leading dot keeps them out of casual listings.
func lockPath(dir string) string   { return sibling(dir, ".lock") }
func backupPath(dir string) string { return sibling(dir, ".old") }
func tempPrefix(dir string) string { return "." + filepath.Base(dir) + ".tmp-" }
func sibling(dir, suffix string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+suffix)
}

// fetch downloads and verifies repo's database into a new temporary
// directory next to dir and returns it.
func fetch(ctx context.Context, dir, repo string, o options) (_ string, err error) {
	nopts := []name.Option{name.WithDefaultTag(strconv.Itoa(trivydb.SchemaVersion))}
	if o.insecure {
		nopts = append(nopts, name.Insecure)
	}
	ref, err := name.ParseReference(repo, nopts...)
	if err != nil {
		return "", err
	}
	ropts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(authn.DefaultKeychain)}
	if rt := transport(o); rt != nil {
		ropts = append(ropts, remote.WithTransport(rt))
	}
	img, err := remote.Image(ref, ropts...)
	if err != nil {
		return "", err
	}
	layer, err := dbLayer(img)
	if err != nil {
		return "", err
	}

	work, err := os.MkdirTemp(filepath.Dir(dir), tempPrefix(dir))
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(work)
		}
	}()
	if err := extract(layer, work, ref.String(), o); err != nil {
		return "", err
	}
	meta, err := readMetadata(work)
	if err != nil {
		return "", err
	}
	if err := checkSchema(MetadataFile, meta); err != nil {
		return "", err
	}
	meta.DownloadedAt = o.now().UTC()
	if err := writeMetadata(work, meta); err != nil {
		return "", err
	}
	if o.progress != nil {
		fmt.Fprintln(o.progress, "Verifying vulnerability database")
	}
	if err := checkBolt(filepath.Join(work, DBFile), o.openTimeout, true); err != nil {
		return "", err
	}
	if err := os.Chmod(work, 0o755); err != nil {
		return "", err
	}
	syncDir(work)
	return work, nil
}

// transport honours WithInsecure for TLS too, like trivy's --insecure, unless
// the caller brought its own transport.
func transport(o options) http.RoundTripper {
	if o.transport != nil || !o.insecure {
		return o.transport
	}
	t, ok := remote.DefaultTransport.(*http.Transport)
	if !ok {
		return nil
	}
	t = t.Clone()
	t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked for it
	return t
}

func dbLayer(img v1.Image) (v1.Layer, error) {
	layers, err := img.Layers()
	if err != nil {
		return nil, err
	}
	for _, l := range layers {
		mt, err := l.MediaType()
		if err != nil {
			return nil, err
		}
		if mt == MediaTypeLayer {
			return l, nil
		}
	}
	return nil, fmt.Errorf("artifact has no layer of media type %s", MediaTypeLayer)
}

// extract unpacks the layer into dir and verifies the layer digest over the
// whole compressed stream. The files are only trusted once extract returns.
func extract(layer v1.Layer, dir, label string, o options) error {
	digest, err := layer.Digest()
	if err != nil {
		return err
	}
	if digest.Algorithm != "sha256" {
		return fmt.Errorf("unsupported layer digest %s", digest)
	}
	size, err := layer.Size()
	if err != nil {
		return err
	}
	if size > o.maxSize {
		return fmt.Errorf("layer of %d bytes %w of %d bytes", size, errTooLarge, o.maxSize)
	}
	rc, err := layer.Compressed()
	if err != nil {
		return err
	}
	defer rc.Close()

	h := sha256.New()
	m := &meter{r: rc, limit: o.maxSize, total: size, w: o.progress, step: 10, start: time.Now()}
	if m.w != nil {
		fmt.Fprintf(m.w, "Downloading vulnerability database from %s (%s)\n", label, mib(size))
	}
	src := io.TeeReader(m, h)
	if err := untar(src, dir, o.maxSize); err != nil {
		return err
	}
	// The tar end marker may come before the end of the blob; the digest
	// covers all of it.
	if _, err := io.Copy(io.Discard, src); err != nil {
		return fmt.Errorf("reading layer: %w", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != digest.Hex {
		return fmt.Errorf("layer digest mismatch: got sha256:%s, want %s", got, digest)
	}
	if m.w != nil {
		fmt.Fprintf(m.w, "Downloaded %s in %s\n", mib(m.n), time.Since(m.start).Round(time.Millisecond))
	}
	return nil
}

// untar extracts exactly trivy.db and metadata.json from a gzipped tar into
// dir; any other entry is refused, so names can never escape dir.
func untar(r io.Reader, dir string, limit int64) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("reading layer: %w", err)
	}
	tr := tar.NewReader(gz)
	seen := map[string]bool{}
	var total int64
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading layer: %w", err)
		}
		name := strings.TrimPrefix(hdr.Name, "./")
		switch {
		case name != DBFile && name != MetadataFile:
			return fmt.Errorf("unexpected entry %q in layer", hdr.Name)
		case !hdr.FileInfo().Mode().IsRegular():
			return fmt.Errorf("layer entry %q is not a regular file", hdr.Name)
		case seen[name]:
			return fmt.Errorf("duplicate entry %q in layer", hdr.Name)
		case hdr.Size < 0 || hdr.Size > limit-total:
			return fmt.Errorf("extracted database %w of %d bytes", errTooLarge, limit)
		}
		seen[name] = true
		if err := writeFile(filepath.Join(dir, name), io.LimitReader(tr, hdr.Size)); err != nil {
			return err
		}
		total += hdr.Size
	}
	for _, n := range []string{DBFile, MetadataFile} {
		if !seen[n] {
			return fmt.Errorf("layer has no %s", n)
		}
	}
	return nil
}

// writeFile creates path (which must not exist) from r and syncs it.
func writeFile(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// writeMetadata writes metadata.json in trivy-db's encoding and syncs it.
func writeMetadata(dir string, m metadata.Metadata) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	p := metadata.Path(dir)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return writeFile(p, strings.NewReader(string(data)+"\n"))
}

// syncDir makes renames and new entries in dir durable. It is best-effort:
// Windows cannot open directories for syncing and some filesystems refuse.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}

// exchangeFunc lets tests take the two-rename path on Linux too.
var exchangeFunc = exchange

// swap puts the verified database tmp at dir, keeping the previous one
// usable until the new one is in place.
func swap(dir, tmp string) error {
	parent := filepath.Dir(dir)
	old := backupPath(dir)
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dir); err != nil {
			return err
		}
		syncDir(parent)
		return nil
	} else if err != nil {
		return err
	}
	if exchangeFunc(tmp, dir) == nil {
		syncDir(parent)
		// tmp now holds the previous database; a failed removal is retried
		// by the next update's recoverSwap.
		_ = os.RemoveAll(tmp)
		return nil
	}
	// A crash between these renames leaves dir missing and the previous
	// database at old, which recoverSwap restores.
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w (restoring %s: %w)", err, old, rerr)
		}
		return err
	}
	syncDir(parent)
	_ = os.RemoveAll(old)
	return nil
}

// recoverSwap, run under the update lock, undoes what a crashed update left
// behind: it restores a previous database stranded at the backup path and
// removes temporary directories.
func recoverSwap(dir string) error {
	old := backupPath(dir)
	if _, err := os.Lstat(old); err == nil {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(old, dir); err != nil {
				return fmt.Errorf("restoring %s: %w", old, err)
			}
		} else if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	parent := filepath.Dir(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix(dir)) {
			if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// meter counts and bounds the compressed stream and reports progress.
type meter struct {
	r     io.Reader
	n     int64
	limit int64
	total int64
	w     io.Writer
	step  int64
	start time.Time
}

func (m *meter) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.n += int64(n)
	if m.n > m.limit {
		return n, fmt.Errorf("download %w of %d bytes", errTooLarge, m.limit)
	}
	if m.w != nil && m.total > 0 {
		for pct := m.n * 100 / m.total; m.step <= pct && m.step <= 100; m.step += 10 {
			fmt.Fprintf(m.w, "  %3d%%  %s / %s\n", m.step, mib(m.n), mib(m.total))
		}
	}
	return n, err
}

func mib(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
