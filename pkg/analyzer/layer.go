package analyzer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/palisadesec/palisade/pkg/image"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// walkVersion changes when the layer walk or the LayerResult shape changes.
const walkVersion = 1

// FileResult is one analyzer's result for one file of a layer.
type FileResult struct {
	Analyzer string  `json:"analyzer"`
	Path     string  `json:"path"`
	Result   *Result `json:"result,omitempty"`
	Error    string  `json:"error,omitempty"`
}

// LayerResult is everything the analyzers found in one layer, and what the
// layer deletes from those below. It is what the layer cache stores.
type LayerResult struct {
	DiffID string        `json:"diffID"`
	Files  []FileResult  `json:"files,omitempty"`
	Change image.Changes `json:"changes"`
}

// Set is an ordered list of analyzers run together.
type Set struct {
	list []Analyzer
}

// NewSet returns a set running the given analyzers.
func NewSet(list []Analyzer) Set { return Set{list: list} }

// Required reports whether any analyzer wants the file.
func (s Set) Required(p string) bool {
	for _, a := range s.list {
		if a.Required(p) {
			return true
		}
	}
	return false
}

// SizeLimited is implemented by analyzers that only want files up to a size
// (a secret scanner skips huge files); the walk then does not even read
// larger files for them.
type SizeLimited interface {
	MaxSize() int64
}

func fits(a Analyzer, size int64) bool {
	if l, ok := a.(SizeLimited); ok {
		return size <= l.MaxSize()
	}
	return true
}

// WantsSize reports whether an analyzer wants the file at this size.
func (s Set) WantsSize(p string, size int64) bool {
	for _, a := range s.list {
		if a.Required(p) && fits(a, size) {
			return true
		}
	}
	return false
}

// CacheKey identifies the result of this set over a layer: it changes when
// any analyzer is added, removed or changes its version.
func (s Set) CacheKey(diffID string) string {
	parts := []string{"walk:" + strconv.Itoa(walkVersion)}
	for _, a := range s.list {
		parts = append(parts, a.Name()+":"+strconv.Itoa(a.Version()))
	}
	sort.Strings(parts)
	h := sha256.Sum256([]byte(diffID + "\n" + strings.Join(parts, ",")))
	return hex.EncodeToString(h[:])
}

// AnalyzeLayer walks one uncompressed layer tar and runs the analyzers on
// the files they require. A file that fails to parse is recorded, not fatal.
func (s Set) AnalyzeLayer(ctx context.Context, diffID string, r io.Reader) (*LayerResult, error) {
	lr := &LayerResult{DiffID: diffID}
	ch, err := image.WalkLayer(r, s.Required, func(p string, size int64, fr io.Reader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !s.WantsSize(p, size) {
			return nil
		}
		if size > MaxFileSize {
			lr.Files = append(lr.Files, FileResult{Path: p, Error: fmt.Sprintf("%s: %v (%d bytes)", p, ErrTooLarge, size)})
			return nil
		}
		content := make([]byte, size)
		if _, err := io.ReadFull(fr, content); err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		frs, err := s.AnalyzeFile(ctx, p, content)
		if err != nil {
			return err
		}
		lr.Files = append(lr.Files, frs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	lr.Change = ch
	return lr, nil
}

// AnalyzeFile runs every analyzer that requires the file on its content.
// Parse failures are recorded in the results; only cancellation is an error.
func (s Set) AnalyzeFile(ctx context.Context, p string, content []byte) ([]FileResult, error) {
	var out []FileResult
	for _, a := range s.list {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !a.Required(p) || !fits(a, int64(len(content))) {
			continue
		}
		res, err := analyzeSafely(ctx, a, Input{Path: p, Content: content})
		fr := FileResult{Analyzer: a.Name(), Path: p, Result: res}
		if err != nil {
			fr.Error = fmt.Sprintf("%s: %s: %v", a.Name(), p, err)
			fr.Result = nil
		}
		if fr.Result == nil && fr.Error == "" {
			continue
		}
		out = append(out, fr)
	}
	return out, nil
}

// analyzeSafely turns an analyzer panic on hostile input into an error, so
// one bad file never takes the scan down.
func analyzeSafely(ctx context.Context, a Analyzer, in Input) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("analyzer failed on malformed input: %v", r)
		}
	}()
	return a.Analyze(ctx, in)
}

// Applied is the image's merged view: the inventory plus the per-file errors
// that still matter (files not deleted or replaced by a later layer).
type Applied struct {
	Inventory inventory.Inventory
	Errors    []string
	// Secrets come from every layer, deleted files included: a file removed
	// by a later layer is still in the image for anyone who pulls it.
	Secrets []LayerSecret
}

// LayerSecret is a secret with the file and layer it was found in.
type LayerSecret struct {
	Secret
	Path  string
	Layer string
}

type fileKey struct{ analyzer, path string }

// Merge stacks layer results base first, applying whiteouts and opaque
// directories, and attributes each package to the first layer holding that
// exact version.
func Merge(layers []*LayerResult) Applied {
	type entry struct {
		layer int
		fr    FileResult
	}
	state := map[fileKey]entry{}
	for i, lr := range layers {
		for _, dir := range lr.Change.Opaque {
			for k := range state {
				if under(k.path, dir) {
					delete(state, k)
				}
			}
		}
		for _, wh := range lr.Change.Whiteouts {
			for k := range state {
				if k.path == wh || under(k.path, wh) {
					delete(state, k)
				}
			}
		}
		for _, fr := range lr.Files {
			state[fileKey{fr.Analyzer, fr.Path}] = entry{layer: i, fr: fr}
		}
	}
	keys := make([]fileKey, 0, len(state))
	for k := range state {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b fileKey) int {
		if c := strings.Compare(a.path, b.path); c != 0 {
			return c
		}
		return strings.Compare(a.analyzer, b.analyzer)
	})

	// firstSeen maps a package identity to the first layer that contains it.
	firstSeen := map[string]int{}
	for i, lr := range layers {
		for _, fr := range lr.Files {
			if fr.Result == nil {
				continue
			}
			for _, p := range fr.Result.Packages {
				id := pkgIdentity(p)
				if _, ok := firstSeen[id]; !ok {
					firstSeen[id] = i
				}
			}
		}
	}

	var out Applied
	for _, lr := range layers {
		for _, fr := range lr.Files {
			if fr.Result == nil {
				continue
			}
			for _, sec := range fr.Result.Secrets {
				out.Secrets = append(out.Secrets, LayerSecret{Secret: sec, Path: fr.Path, Layer: lr.DiffID})
			}
		}
	}
	bestPriority := -1
	for _, k := range keys {
		e := state[k]
		if e.fr.Error != "" {
			out.Errors = append(out.Errors, e.fr.Error)
			continue
		}
		res := e.fr.Result
		if res == nil {
			continue
		}
		if res.OS != nil && res.Priority > bestPriority {
			os := *res.OS
			out.Inventory.OS = &os
			bestPriority = res.Priority
		}
		for _, p := range res.Packages {
			if li, ok := firstSeen[pkgIdentity(p)]; ok {
				p.Layer = layers[li].DiffID
			} else {
				p.Layer = layers[e.layer].DiffID
			}
			if p.Path == "" {
				p.Path = e.fr.Path
			}
			out.Inventory.Packages = append(out.Inventory.Packages, p)
		}
	}
	slices.SortStableFunc(out.Inventory.Packages, func(a, b inventory.Package) int {
		return strings.Compare(a.Name+"\x00"+a.FullVersion()+"\x00"+a.Arch+"\x00"+a.Path, b.Name+"\x00"+b.FullVersion()+"\x00"+b.Arch+"\x00"+b.Path)
	})
	out.Inventory.Packages = slices.CompactFunc(out.Inventory.Packages, func(a, b inventory.Package) bool {
		return a.Name == b.Name && a.FullVersion() == b.FullVersion() && a.Arch == b.Arch && a.Path == b.Path
	})
	return out
}

func pkgIdentity(p inventory.Package) string {
	return p.Ecosystem + "\x00" + p.Name + "\x00" + p.FullVersion() + "\x00" + p.Arch
}

func under(p, dir string) bool {
	if dir == "" {
		return true
	}
	return strings.HasPrefix(p, dir+"/")
}
