package image

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxLayerEntries bounds the entries of one layer; real layers hold far fewer.
const maxLayerEntries = 4 << 20

// Changes are the deletions a layer makes to the layers below it.
type Changes struct {
	// Whiteouts are paths deleted by this layer (with all they contain).
	Whiteouts []string `json:"whiteouts,omitempty"`
	// Opaque are directories whose lower-layer contents this layer hides.
	Opaque []string `json:"opaque,omitempty"`
}

// WalkLayer reads an uncompressed layer tar once. For each regular file whose
// cleaned, relative path want accepts, fn gets the file's bytes as a reader
// (limited to the file). Everything else is skipped without being copied.
func WalkLayer(r io.Reader, want func(p string) bool, fn func(p string, size int64, r io.Reader) error) (Changes, error) {
	var ch Changes
	tr := tar.NewReader(r)
	for n := 0; ; n++ {
		if n > maxLayerEntries {
			return ch, errors.New("layer has too many entries")
		}
		h, err := tr.Next()
		if err == io.EOF {
			return ch, nil
		}
		if err != nil {
			return ch, fmt.Errorf("reading layer tar: %w", err)
		}
		p := CleanPath(h.Name)
		if p == "" {
			continue
		}
		dir, base := path.Split(p)
		if strings.HasPrefix(base, ".wh.") {
			if base == ".wh..wh..opq" {
				ch.Opaque = append(ch.Opaque, strings.TrimSuffix(dir, "/"))
			} else {
				ch.Whiteouts = append(ch.Whiteouts, dir+strings.TrimPrefix(base, ".wh."))
			}
			continue
		}
		if h.Typeflag != tar.TypeReg || !want(p) {
			continue
		}
		if err := fn(p, h.Size, tr); err != nil {
			return ch, err
		}
	}
}

// CleanPath makes a tar entry name relative and clean ("./etc/x" -> "etc/x").
// It returns "" for the root itself and for names escaping the root.
func CleanPath(name string) string {
	p := path.Clean("/" + name)
	p = strings.TrimPrefix(p, "/")
	if p == "." {
		return ""
	}
	return p
}
