// Package scan runs whole scans: it ties a target (an image today) to the
// analyzers, the layer cache and the vulnerability matcher, and returns one
// report result per target. Commands are thin shells over it.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/cache"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/image"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/secret"
	"github.com/palisadesec/palisade/pkg/vuln"
)

// ImageScanner scans opened images.
type ImageScanner struct {
	set      analyzer.Set
	cache    *cache.Cache
	db       vuln.DB
	parallel int
	progress io.Writer
	listPkgs bool
	purl     func(*inventory.OS, inventory.Package) string
	secrets  *secret.Scanner
}

// WithSecrets scans the image config (ENV, history) with sc; secrets in
// files are found by the secret analyzer. Default: none.
func WithSecrets(sc *secret.Scanner) Option { return func(s *ImageScanner) { s.secrets = sc } }

// Option configures an ImageScanner.
type Option func(*ImageScanner)

// WithCache stores and reuses per-layer results. Default: no cache.
func WithCache(c *cache.Cache) Option { return func(s *ImageScanner) { s.cache = c } }

// WithDB matches packages against this vulnerability DB. Default: none, the
// scan only inventories.
func WithDB(db vuln.DB) Option { return func(s *ImageScanner) { s.db = db } }

// WithParallel bounds how many layers are analysed at once. Default: GOMAXPROCS.
func WithParallel(n int) Option { return func(s *ImageScanner) { s.parallel = n } }

// WithProgress writes one line per analysed layer to w. Default: silent.
func WithProgress(w io.Writer) Option { return func(s *ImageScanner) { s.progress = w } }

// WithListAllPackages puts the whole inventory in the result. Default false.
func WithListAllPackages(b bool) Option { return func(s *ImageScanner) { s.listPkgs = b } }

// WithPURL sets how package URLs are computed once the OS is known. Default: none.
func WithPURL(f func(*inventory.OS, inventory.Package) string) Option {
	return func(s *ImageScanner) { s.purl = f }
}

// NewImageScanner returns a scanner running the given analyzers.
func NewImageScanner(analyzers []analyzer.Analyzer, opts ...Option) *ImageScanner {
	s := &ImageScanner{set: analyzer.NewSet(analyzers), parallel: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		o(s)
	}
	if s.parallel < 1 {
		s.parallel = 1
	}
	return s
}

// AnalyzeLayers returns each layer's analysis, from the cache when present.
func (s *ImageScanner) AnalyzeLayers(ctx context.Context, im *image.Image) ([]*analyzer.LayerResult, error) {
	results := make([]*analyzer.LayerResult, len(im.Layers))
	errs := make([]error, len(im.Layers))
	sem := make(chan struct{}, s.parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, l := range im.Layers {
		key := s.set.CacheKey(l.DiffID.String())
		var cached analyzer.LayerResult
		if s.cache.Get(key, &cached) && cached.DiffID == l.DiffID.String() {
			results[i] = &cached
			s.report(&mu, i, len(im.Layers), l, "cached")
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			lr, err := s.analyzeLayer(ctx, l)
			if err != nil {
				errs[i] = err
				return
			}
			results[i] = lr
			if err := s.cache.Put(key, lr); err != nil {
				errs[i] = err
				return
			}
			s.report(&mu, i, len(im.Layers), l, "analysed")
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

func (s *ImageScanner) report(mu *sync.Mutex, i, n int, l image.Layer, what string) {
	if s.progress == nil {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	fmt.Fprintf(s.progress, "layer %d/%d %s %s\n", i+1, n, image.ShortDigest(l.DiffID), what)
}

func (s *ImageScanner) analyzeLayer(ctx context.Context, l image.Layer) (*analyzer.LayerResult, error) {
	rc, err := l.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	lr, err := s.set.AnalyzeLayer(ctx, l.DiffID.String(), rc)
	if err != nil {
		return nil, fmt.Errorf("layer %s: %w", image.ShortDigest(l.DiffID), err)
	}
	return lr, nil
}

// Scan analyses the image and matches its packages.
func (s *ImageScanner) Scan(ctx context.Context, im *image.Image) (finding.Result, error) {
	res := finding.Result{Target: im.Name, Kind: finding.KindImage, Findings: []finding.Finding{}}
	layers, err := s.AnalyzeLayers(ctx, im)
	if err != nil {
		return res, err
	}
	applied := analyzer.Merge(layers)
	inv := applied.Inventory
	res.Errors = append(res.Errors, applied.Errors...)
	res.Metadata = imageMetadata(im)
	if inv.OS != nil {
		res.OS = &finding.OS{Family: inv.OS.Family, Version: inv.OS.Version}
	} else if n := countOSPackages(inv); n > 0 {
		res.Errors = append(res.Errors, fmt.Sprintf("unknown OS: %d OS packages found but no os-release or distribution file identifies the distribution, so they were not matched", n))
	}
	if s.purl != nil {
		for i := range inv.Packages {
			inv.Packages[i].PURL = s.purl(inv.OS, inv.Packages[i])
		}
	}
	if s.listPkgs {
		res.Packages = packagesOf(inv)
	}
	if err := matchInto(s.db, inv, &res); err != nil {
		return res, err
	}
	res.Findings = append(res.Findings, secretFindings(applied.Secrets)...)
	res.Findings = append(res.Findings, s.configSecrets(im)...)
	res.Sort()
	return res, nil
}

func imageMetadata(im *image.Image) map[string]any {
	m := map[string]any{"source": im.Source, "imageID": im.ID.String()}
	if im.Digest.Hex != "" {
		m["digest"] = im.Digest.String()
	}
	if len(im.RepoTags) > 0 {
		m["repoTags"] = im.RepoTags
	}
	var diffIDs []string
	for _, l := range im.Layers {
		diffIDs = append(diffIDs, l.DiffID.String())
	}
	m["diffIDs"] = diffIDs
	if im.Config != nil {
		m["architecture"] = im.Config.Architecture
		m["os"] = im.Config.OS
	}
	return m
}

func countOSPackages(inv inventory.Inventory) int {
	n := 0
	for _, p := range inv.Packages {
		if inventory.IsOS(p.Ecosystem) {
			n++
		}
	}
	return n
}

func packagesOf(inv inventory.Inventory) []finding.Package {
	out := make([]finding.Package, 0, len(inv.Packages))
	for _, p := range inv.Packages {
		out = append(out, finding.Package{
			Name: p.Name, Version: p.FullVersion(), Ecosystem: p.Ecosystem, SrcName: p.SrcName, Path: p.Path, Layer: p.Layer, PURL: p.PURL,
		})
	}
	return out
}

// configSecrets scans what `docker inspect` and `docker history` show to
// anyone who pulls the image: environment variables and build commands.
func (s *ImageScanner) configSecrets(im *image.Image) []finding.Finding {
	if s.secrets == nil || im.Config == nil {
		return nil
	}
	var out []finding.Finding
	scanLines := func(where string, lines []string) {
		content := []byte(strings.Join(lines, "\n"))
		var secs []analyzer.LayerSecret
		for _, f := range s.secrets.Scan(where, content) {
			secs = append(secs, analyzer.LayerSecret{Path: where, Secret: analyzer.Secret{
				RuleID: f.RuleID, Category: f.Category, Title: f.Title, Severity: f.Severity,
				StartLine: f.StartLine, EndLine: f.EndLine, Match: f.Match,
			}})
		}
		out = append(out, secretFindings(secs)...)
	}
	var env []string
	for _, e := range im.Config.Config.Env {
		env = append(env, "ENV "+e)
	}
	scanLines("image config: Env", env)
	var hist []string
	for _, h := range im.Config.History {
		hist = append(hist, h.CreatedBy)
	}
	scanLines("image config: History", hist)
	return out
}
