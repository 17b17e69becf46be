// Package image opens container images from every place users keep them (a
// registry, a Docker or Podman daemon, docker-archive and OCI tarballs, OCI
// layout directories) and exposes each layer as an uncompressed tar stream,
// decompressed with fast inflaters rather than recompressed or read twice.
package image

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Layer is one filesystem layer of an image.
type Layer struct {
	// Index is the position in the image, base layer first.
	Index  int
	DiffID v1.Hash
	// Digest is the compressed blob digest when known.
	Digest v1.Hash
	// Size is the stored (usually compressed) size when known.
	Size int64
	// open returns the stored blob, compressed or not.
	open func() (io.ReadCloser, error)
}

// Open returns the layer's uncompressed tar stream. gzip and zstd blobs are
// detected by their magic bytes, because media types lie in the wild.
func (l Layer) Open() (io.ReadCloser, error) {
	rc, err := l.open()
	if err != nil {
		return nil, fmt.Errorf("opening layer %s: %w", short(l.DiffID), err)
	}
	return Decompress(rc)
}

// Decompress wraps a possibly compressed stream so that reads yield the plain
// bytes; closing the result closes rc.
func Decompress(rc io.ReadCloser) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(rc, 1<<20)
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			rc.Close()
			return nil, fmt.Errorf("reading gzip header: %w", err)
		}
		return &stackedCloser{Reader: zr, closers: []io.Closer{zr, rc}}, nil
	case bytes.HasPrefix(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			rc.Close()
			return nil, fmt.Errorf("reading zstd header: %w", err)
		}
		return &stackedCloser{Reader: zr, closers: []io.Closer{closerFunc(func() error { zr.Close(); return nil }), rc}}, nil
	default:
		return &stackedCloser{Reader: br, closers: []io.Closer{rc}}, nil
	}
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

type stackedCloser struct {
	io.Reader
	closers []io.Closer
}

func (s *stackedCloser) Close() error {
	var errs []error
	for _, c := range s.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// Image is an opened image: its identity, config and layers.
type Image struct {
	// Name is what the user asked for (a reference or a file path).
	Name string
	// Source says where it was found: registry, daemon, docker-archive, oci-archive, oci-layout.
	Source string
	// ID is the config digest; Digest the manifest digest when known.
	ID       v1.Hash
	Digest   v1.Hash
	RepoTags []string
	Config   *v1.ConfigFile
	Layers   []Layer
	cleanup  []func()
}

// Close releases temporary files created while opening the image.
func (im *Image) Close() error {
	for i := len(im.cleanup) - 1; i >= 0; i-- {
		im.cleanup[i]()
	}
	im.cleanup = nil
	return nil
}

// Option configures Open.
type Option func(*options)

type options struct {
	input     string
	insecure  bool
	platform  *v1.Platform
	keychain  authn.Keychain
	transport http.RoundTripper
	daemon    bool
	hosts     []string
	tempDir   string
	progress  io.Writer
}

// WithInput reads the image from a docker-archive or OCI tarball (optionally
// gzipped) or an OCI layout directory instead of resolving a reference.
// Default: none, the reference is resolved.
func WithInput(path string) Option { return func(o *options) { o.input = path } }

// WithInsecure allows plain-HTTP and self-signed registries. Default false.
func WithInsecure(b bool) Option { return func(o *options) { o.insecure = b } }

// WithPlatform selects the image of a multi-platform index, e.g. "linux/arm64".
// Default: the platform of the running binary (linux when run elsewhere).
func WithPlatform(p *v1.Platform) Option { return func(o *options) { o.platform = p } }

// WithKeychain sets registry credentials. Default: the Docker config keychain
// with its credential helpers.
func WithKeychain(k authn.Keychain) Option { return func(o *options) { o.keychain = k } }

// WithTransport sets the HTTP transport for registry access. Default: http.DefaultTransport.
func WithTransport(t http.RoundTripper) Option { return func(o *options) { o.transport = t } }

// WithDaemon enables looking a reference up in a local Docker or Podman daemon
// first. Default true.
func WithDaemon(b bool) Option { return func(o *options) { o.daemon = b } }

// WithDaemonHosts sets the daemon sockets to try, as DOCKER_HOST-style URLs.
// Default: $DOCKER_HOST, /var/run/docker.sock, the rootless and rootful Podman sockets.
func WithDaemonHosts(hosts ...string) Option { return func(o *options) { o.hosts = hosts } }

// WithTempDir sets where temporary copies (decompressed tarballs, extracted OCI
// archives) go. Default: os.TempDir().
func WithTempDir(dir string) Option { return func(o *options) { o.tempDir = dir } }

// WithProgress reports download and decompression progress to w. Default: silent.
func WithProgress(w io.Writer) Option { return func(o *options) { o.progress = w } }

// ParsePlatform parses os/arch[/variant].
func ParsePlatform(s string) (*v1.Platform, error) {
	if s == "" {
		return nil, nil
	}
	p, err := v1.ParsePlatform(s)
	if err != nil {
		return nil, fmt.Errorf("invalid platform %q: %w", s, err)
	}
	if p.OS == "" || p.Architecture == "" {
		return nil, fmt.Errorf("invalid platform %q: want os/arch[/variant]", s)
	}
	return p, nil
}

func defaultPlatform() *v1.Platform {
	p := &v1.Platform{OS: "linux", Architecture: runtime.GOARCH}
	if runtime.GOARCH == "arm" {
		p.Variant = "v7"
	}
	return p
}

// ErrNotFound means the image does not exist where it was looked for.
var ErrNotFound = errors.New("image not found")

// Open finds and opens an image.
func Open(ctx context.Context, ref string, opts ...Option) (*Image, error) {
	o := &options{daemon: true, keychain: authn.DefaultKeychain, transport: http.DefaultTransport}
	for _, opt := range opts {
		opt(o)
	}
	if o.platform == nil {
		o.platform = defaultPlatform()
	}
	if o.input != "" {
		return openInput(o.input, o)
	}
	if ref == "" {
		return nil, errors.New("no image given: pass a reference or --input")
	}
	nameOpts := []name.Option{name.WeakValidation}
	if o.insecure {
		nameOpts = append(nameOpts, name.Insecure)
	}
	r, err := name.ParseReference(ref, nameOpts...)
	if err != nil {
		return nil, fmt.Errorf("invalid image reference %q: %w", ref, err)
	}
	var daemonErr error
	if o.daemon {
		im, err := openDaemon(ctx, r, o)
		if err == nil {
			return im, nil
		}
		daemonErr = err
	}
	im, err := openRemote(ctx, r, o)
	if err != nil {
		if daemonErr != nil && !errors.Is(daemonErr, errNoDaemon) {
			return nil, fmt.Errorf("%w (daemon: %v)", err, daemonErr)
		}
		return nil, err
	}
	return im, nil
}

func short(h v1.Hash) string {
	s := h.String()
	if i := strings.IndexByte(s, ':'); i >= 0 && len(s) > i+13 {
		return s[:i+13]
	}
	return s
}

// ShortDigest abbreviates a digest for humans (sha256:0123456789ab).
func ShortDigest(h v1.Hash) string { return short(h) }

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
