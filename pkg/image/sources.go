package image

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/moby/moby/client"
)

// maxArchiveEntries bounds how many entries an image archive may hold.
const maxArchiveEntries = 1 << 20

// maxMetadataSize bounds manifest.json, index.json and config blobs.
const maxMetadataSize = 64 << 20

func fromV1(img v1.Image, source, nm string) (*Image, error) {
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading image config: %w", err)
	}
	id, err := img.ConfigName()
	if err != nil {
		return nil, fmt.Errorf("reading image config digest: %w", err)
	}
	dg, err := img.Digest()
	if err != nil {
		return nil, fmt.Errorf("reading manifest digest: %w", err)
	}
	ls, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("listing layers: %w", err)
	}
	im := &Image{Name: nm, Source: source, ID: id, Digest: dg, Config: cfg}
	for i, l := range ls {
		diffID, err := l.DiffID()
		if err != nil {
			return nil, fmt.Errorf("reading diffID of layer %d: %w", i, err)
		}
		d, _ := l.Digest()
		sz, _ := l.Size()
		im.Layers = append(im.Layers, Layer{Index: i, DiffID: diffID, Digest: d, Size: sz, open: l.Compressed})
	}
	if len(cfg.RootFS.DiffIDs) != 0 && len(cfg.RootFS.DiffIDs) != len(im.Layers) {
		return nil, fmt.Errorf("image config lists %d layers but the manifest has %d", len(cfg.RootFS.DiffIDs), len(im.Layers))
	}
	return im, nil
}

func openRemote(ctx context.Context, r name.Reference, o *options) (*Image, error) {
	ropts := []remote.Option{
		remote.WithContext(ctx),
		remote.WithAuthFromKeychain(o.keychain),
		remote.WithTransport(o.transport),
		remote.WithPlatform(*o.platform),
	}
	desc, err := remote.Get(r, ropts...)
	if err != nil {
		var terr *transport.Error
		if errors.As(err, &terr) && (terr.StatusCode == http.StatusNotFound || hasCode(terr, transport.ManifestUnknownErrorCode, transport.NameUnknownErrorCode)) {
			return nil, fmt.Errorf("%w: %s in registry %s", ErrNotFound, r, r.Context().RegistryStr())
		}
		return nil, fmt.Errorf("fetching %s from registry: %w", r, err)
	}
	img, err := desc.Image()
	if err != nil {
		return nil, fmt.Errorf("resolving %s for platform %s: %w", r, o.platform, err)
	}
	im, err := fromV1(img, "registry", r.String())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r, err)
	}
	if t, ok := r.(name.Tag); ok {
		im.RepoTags = []string{t.Name()}
	}
	return im, nil
}

func hasCode(e *transport.Error, codes ...transport.ErrorCode) bool {
	for _, d := range e.Errors {
		for _, c := range codes {
			if d.Code == c {
				return true
			}
		}
	}
	return false
}

var errNoDaemon = errors.New("no container daemon reachable")

func daemonHosts(o *options) []string {
	if len(o.hosts) > 0 {
		return o.hosts
	}
	var hosts []string
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		hosts = append(hosts, h)
	}
	hosts = append(hosts, "unix:///var/run/docker.sock")
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		hosts = append(hosts, "unix://"+filepath.Join(d, "podman", "podman.sock"))
	}
	return append(hosts, "unix:///run/podman/podman.sock")
}

// openDaemon exports the image from the first daemon that has it into a
// temporary docker-archive, which the fast archive reader then serves.
func openDaemon(ctx context.Context, r name.Reference, o *options) (*Image, error) {
	var lastErr error = errNoDaemon
	for _, h := range daemonHosts(o) {
		if sock, ok := strings.CutPrefix(h, "unix://"); ok && !fileExists(sock) {
			continue
		}
		cli, err := client.New(client.WithHost(h), client.WithAPIVersionNegotiation())
		if err != nil {
			lastErr = fmt.Errorf("daemon %s: %w", h, err)
			continue
		}
		im, err := saveFromDaemon(ctx, cli, r, o)
		cli.Close()
		if err == nil {
			im.Source = "daemon"
			im.Name = r.String()
			return im, nil
		}
		lastErr = fmt.Errorf("daemon %s: %w", h, err)
	}
	return nil, lastErr
}

func saveFromDaemon(ctx context.Context, cli *client.Client, r name.Reference, o *options) (*Image, error) {
	if _, err := cli.ImageInspect(ctx, r.String()); err != nil {
		return nil, err
	}
	rc, err := cli.ImageSave(ctx, []string{r.String()})
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	f, err := os.CreateTemp(o.tempDir, "palisade-daemon-*.tar")
	if err != nil {
		return nil, fmt.Errorf("creating temporary file: %w", err)
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	if _, err := io.Copy(f, rc); err != nil {
		cleanup()
		return nil, fmt.Errorf("exporting image: %w", err)
	}
	im, err := openArchive(f.Name(), o)
	if err != nil {
		cleanup()
		return nil, err
	}
	im.cleanup = append(im.cleanup, cleanup)
	return im, nil
}

func openInput(p string, o *options) (*Image, error) {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s does not exist", ErrNotFound, p)
		}
		return nil, fmt.Errorf("reading %s: %w", p, err)
	}
	if st.IsDir() {
		return openLayout(p, p, "oci-layout", o)
	}
	return openArchive(p, o)
}

func openLayout(dir, display, source string, o *options) (*Image, error) {
	lp, err := layout.FromPath(dir)
	if err != nil {
		return nil, fmt.Errorf("%s is not an OCI layout: %w", display, err)
	}
	idx, err := lp.ImageIndex()
	if err != nil {
		return nil, fmt.Errorf("reading OCI index of %s: %w", display, err)
	}
	img, err := pickFromIndex(idx, o.platform, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	im, err := fromV1(img, source, display)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	return im, nil
}

// pickFromIndex descends nested indexes and returns the image matching the
// platform, or the only image when there is just one.
func pickFromIndex(idx v1.ImageIndex, p *v1.Platform, depth int) (v1.Image, error) {
	if depth > 4 {
		return nil, errors.New("image indexes nested too deeply")
	}
	m, err := idx.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("reading index manifest: %w", err)
	}
	if len(m.Manifests) == 0 {
		return nil, errors.New("OCI index holds no image")
	}
	var candidates []v1.Descriptor
	for _, d := range m.Manifests {
		if d.MediaType.IsIndex() {
			child, err := idx.ImageIndex(d.Digest)
			if err != nil {
				return nil, fmt.Errorf("reading nested index %s: %w", d.Digest, err)
			}
			img, err := pickFromIndex(child, p, depth+1)
			if err == nil {
				return img, nil
			}
			continue
		}
		if d.MediaType.IsImage() || d.MediaType == "" {
			candidates = append(candidates, d)
		}
	}
	if len(candidates) == 1 && (candidates[0].Platform == nil || candidates[0].Platform.Satisfies(*p)) {
		return idx.Image(candidates[0].Digest)
	}
	for _, d := range candidates {
		if d.Platform != nil && d.Platform.Satisfies(*p) {
			return idx.Image(d.Digest)
		}
	}
	if len(candidates) == 1 && candidates[0].Platform == nil {
		return idx.Image(candidates[0].Digest)
	}
	var have []string
	for _, d := range candidates {
		if d.Platform != nil {
			have = append(have, d.Platform.String())
		}
	}
	return nil, fmt.Errorf("no image for platform %s (index has: %s)", p, strings.Join(have, ", "))
}

// archiveEntry locates a regular file inside an uncompressed tar.
type archiveEntry struct {
	offset, size int64
}

type archive struct {
	f       *os.File
	entries map[string]archiveEntry
}

func (a *archive) read(name string) ([]byte, error) {
	e, ok := a.entries[path.Clean(name)]
	if !ok {
		return nil, fmt.Errorf("%s not found in archive", name)
	}
	if e.size > maxMetadataSize {
		return nil, fmt.Errorf("%s is too large (%d bytes)", name, e.size)
	}
	b := make([]byte, e.size)
	if _, err := a.f.ReadAt(b, e.offset); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return b, nil
}

func (a *archive) opener(name string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		e, ok := a.entries[path.Clean(name)]
		if !ok {
			return nil, fmt.Errorf("%s not found in archive", name)
		}
		return io.NopCloser(io.NewSectionReader(a.f, e.offset, e.size)), nil
	}
}

// indexArchive records where each file of a tar lives, seeking over contents
// so that a multi-gigabyte archive is indexed without reading it.
func indexArchive(f *os.File) (*archive, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	tr := tar.NewReader(f)
	a := &archive{f: f, entries: map[string]archiveEntry{}}
	for n := 0; ; n++ {
		if n > maxArchiveEntries {
			return nil, errors.New("archive has too many entries")
		}
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		off, err := f.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("reading archive: %w", err)
		}
		if h.Size < 0 {
			return nil, fmt.Errorf("archive entry %s has a negative size", h.Name)
		}
		a.entries[path.Clean(h.Name)] = archiveEntry{offset: off, size: h.Size}
	}
	if len(a.entries) == 0 {
		return nil, errors.New("not an image archive: empty or not a tar file")
	}
	// A truncated archive can still index; catch entries that run past the end.
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	for nm, e := range a.entries {
		if e.offset+e.size > st.Size() {
			return nil, fmt.Errorf("archive is truncated (entry %s runs past the end)", nm)
		}
	}
	return a, nil
}

// openArchive reads a docker-archive or an OCI image tarball, gzipped or not.
func openArchive(p string, o *options) (*Image, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", p, err)
	}
	var cleanup []func()
	fail := func(err error) (*Image, error) {
		for _, c := range cleanup {
			c()
		}
		return nil, err
	}
	cleanup = append(cleanup, func() { f.Close() })
	var magic [2]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return fail(fmt.Errorf("%s: not an image archive: %w", p, err))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	if magic == [2]byte{0x1f, 0x8b} {
		// A compressed archive cannot be seeked into; inflate it once to a
		// temporary file so every layer is then read directly.
		tmp, err := os.CreateTemp(o.tempDir, "palisade-archive-*.tar")
		if err != nil {
			return fail(fmt.Errorf("creating temporary file: %w", err))
		}
		cleanup = append(cleanup, func() { tmp.Close(); os.Remove(tmp.Name()) })
		zr, err := Decompress(f)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", p, err))
		}
		if _, err := io.Copy(tmp, zr); err != nil {
			return fail(fmt.Errorf("%s: decompressing: %w", p, err))
		}
		f = tmp
	}
	a, err := indexArchive(f)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", p, err))
	}
	var im *Image
	switch {
	case hasEntry(a, "manifest.json"):
		im, err = openDockerArchive(a, p)
	case hasEntry(a, "index.json"):
		im, err = openOCIArchive(a, p, o)
	default:
		err = fmt.Errorf("%s: not an image archive (no manifest.json or index.json)", p)
	}
	if err != nil {
		return fail(err)
	}
	im.cleanup = append(im.cleanup, cleanup...)
	return im, nil
}

func hasEntry(a *archive, n string) bool { _, ok := a.entries[n]; return ok }

type dockerManifestEntry struct {
	Config   string
	RepoTags []string
	Layers   []string
}

func openDockerArchive(a *archive, p string) (*Image, error) {
	raw, err := a.read("manifest.json")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	var entries []dockerManifestEntry
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("%s: parsing manifest.json: %w", p, err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%s: manifest.json lists no image", p)
	}
	// docker save of several images: scan the first, as docker load would list it first.
	e := entries[0]
	cfgRaw, err := a.read(e.Config)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	cfg, err := v1.ParseConfigFile(strings.NewReader(string(cfgRaw)))
	if err != nil {
		return nil, fmt.Errorf("%s: parsing image config: %w", p, err)
	}
	id, _, err := v1.SHA256(strings.NewReader(string(cfgRaw)))
	if err != nil {
		return nil, err
	}
	if len(cfg.RootFS.DiffIDs) != len(e.Layers) {
		return nil, fmt.Errorf("%s: config lists %d layers but manifest.json has %d", p, len(cfg.RootFS.DiffIDs), len(e.Layers))
	}
	im := &Image{Name: p, Source: "docker-archive", ID: id, Config: cfg, RepoTags: e.RepoTags}
	for i, l := range e.Layers {
		ent, ok := a.entries[path.Clean(l)]
		if !ok {
			return nil, fmt.Errorf("%s: layer %s missing from archive", p, l)
		}
		im.Layers = append(im.Layers, Layer{Index: i, DiffID: cfg.RootFS.DiffIDs[i], Size: ent.size, open: a.opener(l)})
		if strings.HasPrefix(l, "blobs/sha256/") {
			if h, err := v1.NewHash("sha256:" + path.Base(l)); err == nil {
				im.Layers[i].Digest = h
			}
		}
	}
	return im, nil
}

// openOCIArchive extracts an OCI image tarball into a temporary layout, which
// go-containerregistry then reads as a directory.
func openOCIArchive(a *archive, p string, o *options) (*Image, error) {
	dir, err := os.MkdirTemp(o.tempDir, "palisade-oci-*")
	if err != nil {
		return nil, fmt.Errorf("creating temporary directory: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	for nm, e := range a.entries {
		clean := path.Clean(nm)
		if strings.HasPrefix(clean, "../") || strings.HasPrefix(clean, "/") || clean == ".." {
			cleanup()
			return nil, fmt.Errorf("%s: unsafe path %q in archive", p, nm)
		}
		dst := filepath.Join(dir, filepath.FromSlash(clean))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			cleanup()
			return nil, err
		}
		out, err := os.Create(dst)
		if err != nil {
			cleanup()
			return nil, err
		}
		_, err = io.Copy(out, io.NewSectionReader(a.f, e.offset, e.size))
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("%s: extracting %s: %w", p, nm, err)
		}
	}
	im, err := openLayout(dir, p, "oci-archive", o)
	if err != nil {
		cleanup()
		return nil, err
	}
	im.cleanup = append(im.cleanup, cleanup)
	return im, nil
}
