// Package imagetest builds real container images from file lists for tests,
// benchmarks and the demo: layers are genuine tar streams (gzip-compressed),
// assembled with go-containerregistry and written as docker-archive tarballs
// or OCI layouts.
package imagetest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Layer describes one layer's changes.
type Layer struct {
	// Files maps a path (no leading slash) to its content.
	Files map[string][]byte
	// Symlinks maps a path to its link target.
	Symlinks map[string]string
	// Whiteouts are paths this layer deletes.
	Whiteouts []string
	// Opaque are directories whose lower contents this layer hides.
	Opaque []string
}

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Tar renders the layer as an uncompressed tar, entries in a stable order.
func (l Layer) Tar() ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	addDirs := func(p string) error {
		var parents []string
		for d := path.Dir(p); d != "." && d != "/" && !dirs[d]; d = path.Dir(d) {
			parents = append(parents, d)
			dirs[d] = true
		}
		for i := len(parents) - 1; i >= 0; i-- {
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: parents[i] + "/", Mode: 0o755, ModTime: epoch}); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range sorted(l.Opaque) {
		if err := addDirs(d + "/x"); err != nil {
			return nil, err
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: d + "/.wh..wh..opq", Mode: 0o644, ModTime: epoch}); err != nil {
			return nil, err
		}
	}
	for _, w := range sorted(l.Whiteouts) {
		if err := addDirs(w); err != nil {
			return nil, err
		}
		wh := path.Join(path.Dir(w), ".wh."+path.Base(w))
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: wh, Mode: 0o644, ModTime: epoch}); err != nil {
			return nil, err
		}
	}
	for _, p := range sortedKeys(l.Symlinks) {
		if err := addDirs(p); err != nil {
			return nil, err
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeSymlink, Name: p, Linkname: l.Symlinks[p], Mode: 0o777, ModTime: epoch}); err != nil {
			return nil, err
		}
	}
	for _, p := range sortedKeys(l.Files) {
		if err := addDirs(p); err != nil {
			return nil, err
		}
		c := l.Files[p]
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: p, Mode: 0o644, Size: int64(len(c)), ModTime: epoch}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(c); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// V1Layer turns the layer into a gzip-compressed go-containerregistry layer.
func (l Layer) V1Layer() (v1.Layer, error) {
	b, err := l.Tar()
	if err != nil {
		return nil, err
	}
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	})
}

// Image stacks layers, base first, into a linux image for arch.
func Image(arch string, layers ...Layer) (v1.Image, error) {
	img := empty.Image
	for i, l := range layers {
		vl, err := l.V1Layer()
		if err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
		img, err = mutate.AppendLayers(img, vl)
		if err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
	}
	return withConfig(img, arch)
}

// WriteDockerArchive writes img as `docker save` would, tagged tag.
func WriteDockerArchive(p, tag string, img v1.Image) error {
	t, err := name.NewTag(tag)
	if err != nil {
		return err
	}
	return tarball.WriteToFile(p, t, img)
}

// WriteOCILayout writes img into an OCI layout directory with a platform.
func WriteOCILayout(dir string, img v1.Image) error {
	lp, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	return lp.AppendImage(img, layout.WithPlatform(v1.Platform{OS: cf.OS, Architecture: cf.Architecture}))
}

// ReadFiles loads files from disk into a Files map: keys are image paths,
// values host paths.
func ReadFiles(m map[string]string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for imgPath, hostPath := range m {
		b, err := os.ReadFile(hostPath)
		if err != nil {
			return nil, err
		}
		out[imgPath] = b
	}
	return out, nil
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ImageFromTars stacks already-rendered uncompressed layer tars.
func ImageFromTars(arch string, tars ...[]byte) (v1.Image, error) {
	img := empty.Image
	for i, b := range tars {
		// Default gzip level, as docker and buildkit compress layers.
		vl, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(b)), nil
		}, tarball.WithCompressionLevel(gzip.DefaultCompression))
		if err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
		if img, err = mutate.AppendLayers(img, vl); err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
	}
	return withConfig(img, arch)
}

func withConfig(img v1.Image, arch string) (v1.Image, error) {
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS = "linux"
	cf.Architecture = arch
	cf.Created = v1.Time{Time: epoch}
	cf.Config.Cmd = []string{"/bin/sh"}
	return mutate.ConfigFile(img, cf)
}

// AppendLayers adds layers on top of img.
func AppendLayers(img v1.Image, layers ...v1.Layer) (v1.Image, error) {
	return mutate.AppendLayers(img, layers...)
}
