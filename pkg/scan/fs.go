package scan

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/vuln"
)

// defaultSkipDirs are never descended into: version-control metadata holds
// no installed software, and walking it is pure cost.
var defaultSkipDirs = []string{".git", ".hg", ".svn"}

// FSScanner scans a directory tree (a source checkout, a mounted root file
// system) with the same analyzers and matcher as images.
type FSScanner struct {
	set       analyzer.Set
	db        vuln.DB
	parallel  int
	listPkgs  bool
	skipDirs  []string
	skipFiles []string
	purl      func(*inventory.OS, inventory.Package) string
}

// FSOption configures an FSScanner.
type FSOption func(*FSScanner)

// WithFSDB matches packages against db. Default: none, the scan only inventories.
func WithFSDB(db vuln.DB) FSOption { return func(s *FSScanner) { s.db = db } }

// WithFSParallel bounds how many files are analysed at once. Default: GOMAXPROCS.
func WithFSParallel(n int) FSOption { return func(s *FSScanner) { s.parallel = n } }

// WithFSListAllPackages puts the whole inventory in the result. Default false.
func WithFSListAllPackages(b bool) FSOption { return func(s *FSScanner) { s.listPkgs = b } }

// WithSkipDirs skips directories matching these globs (relative to the root,
// ** allowed; a pattern without a slash matches the directory name at any
// depth). Default: only .git, .hg and .svn.
func WithSkipDirs(globs ...string) FSOption {
	return func(s *FSScanner) { s.skipDirs = append(s.skipDirs, globs...) }
}

// WithSkipFiles skips files matching these globs, with the same rules. Default: none.
func WithSkipFiles(globs ...string) FSOption {
	return func(s *FSScanner) { s.skipFiles = append(s.skipFiles, globs...) }
}

// WithFSPURL sets how package URLs are computed. Default: none.
func WithFSPURL(f func(*inventory.OS, inventory.Package) string) FSOption {
	return func(s *FSScanner) { s.purl = f }
}

// NewFSScanner returns a scanner running the given analyzers.
func NewFSScanner(analyzers []analyzer.Analyzer, opts ...FSOption) (*FSScanner, error) {
	s := &FSScanner{set: analyzer.NewSet(analyzers), parallel: runtime.GOMAXPROCS(0), skipDirs: append([]string(nil), defaultSkipDirs...)}
	for _, o := range opts {
		o(s)
	}
	if err := ValidatePatterns(append(append([]string(nil), s.skipDirs...), s.skipFiles...)...); err != nil {
		return nil, err
	}
	if s.parallel < 1 {
		s.parallel = 1
	}
	return s, nil
}

// ValidatePatterns checks skip globs before any work is done.
func ValidatePatterns(globs ...string) error {
	for _, g := range globs {
		if !doublestar.ValidatePattern(g) {
			return fmt.Errorf("invalid skip pattern %q", g)
		}
	}
	return nil
}

func matchAny(globs []string, rel string) bool {
	base := path.Base(rel)
	for _, g := range globs {
		if !strings.Contains(g, "/") {
			if ok, _ := doublestar.Match(g, base); ok {
				return true
			}
			continue
		}
		if ok, _ := doublestar.Match(strings.TrimPrefix(g, "./"), rel); ok {
			return true
		}
	}
	return false
}

type fsJob struct {
	rel, abs string
	size     int64
}

// Collect walks root and analyses every file an analyzer requires, in
// parallel. Unreadable files and parse failures become per-file errors.
func (s *FSScanner) Collect(ctx context.Context, root string) (*analyzer.LayerResult, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("scanning %s: %w", root, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("scanning %s: not a directory", root)
	}
	jobs := make(chan fsJob, 256)
	var (
		mu  sync.Mutex
		lr  = &analyzer.LayerResult{}
		wg  sync.WaitGroup
		one = func(fr analyzer.FileResult) { mu.Lock(); lr.Files = append(lr.Files, fr); mu.Unlock() }
	)
	for i := 0; i < s.parallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				s.analyzeFile(ctx, j, one)
			}
		}()
	}
	walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		rel, rerr := filepath.Rel(root, p)
		if rerr != nil {
			return rerr
		}
		rel = filepath.ToSlash(rel)
		if err != nil {
			if rel != "." {
				one(analyzer.FileResult{Path: rel, Error: fmt.Sprintf("%s: %v", rel, err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			return err
		}
		if d.IsDir() {
			if rel != "." && matchAny(s.skipDirs, rel) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || matchAny(s.skipFiles, rel) || !s.set.Required(rel) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			one(analyzer.FileResult{Path: rel, Error: fmt.Sprintf("%s: %v", rel, err)})
			return nil
		}
		if !s.set.WantsSize(rel, info.Size()) {
			return nil
		}
		jobs <- fsJob{rel: rel, abs: p, size: info.Size()}
		return nil
	})
	close(jobs)
	wg.Wait()
	if walkErr != nil {
		return nil, fmt.Errorf("walking %s: %w", root, walkErr)
	}
	// Workers finish in any order; results must not.
	sort.SliceStable(lr.Files, func(i, j int) bool {
		if lr.Files[i].Path != lr.Files[j].Path {
			return lr.Files[i].Path < lr.Files[j].Path
		}
		return lr.Files[i].Analyzer < lr.Files[j].Analyzer
	})
	return lr, nil
}

func (s *FSScanner) analyzeFile(ctx context.Context, j fsJob, emit func(analyzer.FileResult)) {
	if j.size > analyzer.MaxFileSize {
		emit(analyzer.FileResult{Path: j.rel, Error: fmt.Sprintf("%s: %v (%d bytes)", j.rel, analyzer.ErrTooLarge, j.size)})
		return
	}
	f, err := os.Open(j.abs)
	if err != nil {
		emit(analyzer.FileResult{Path: j.rel, Error: fmt.Sprintf("%s: %v", j.rel, err)})
		return
	}
	defer f.Close()
	// The file may grow between stat and read; never read past the bound.
	content, err := io.ReadAll(io.LimitReader(f, analyzer.MaxFileSize+1))
	if err == nil && len(content) > analyzer.MaxFileSize {
		err = analyzer.ErrTooLarge
	}
	if err != nil {
		emit(analyzer.FileResult{Path: j.rel, Error: fmt.Sprintf("%s: %v", j.rel, err)})
		return
	}
	lr, err := s.set.AnalyzeFile(ctx, j.rel, content)
	if err != nil {
		emit(analyzer.FileResult{Path: j.rel, Error: fmt.Sprintf("%s: %v", j.rel, err)})
		return
	}
	for _, fr := range lr {
		emit(fr)
	}
}

// Scan walks root, inventories it and matches what it found.
func (s *FSScanner) Scan(ctx context.Context, root string) (finding.Result, error) {
	res := finding.Result{Target: root, Kind: finding.KindFilesystem, Findings: []finding.Finding{}}
	lr, err := s.Collect(ctx, root)
	if err != nil {
		return res, err
	}
	applied := analyzer.Merge([]*analyzer.LayerResult{lr})
	inv := applied.Inventory
	res.Errors = append(res.Errors, applied.Errors...)
	if inv.OS != nil {
		res.OS = &finding.OS{Family: inv.OS.Family, Version: inv.OS.Version}
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
	res.Sort()
	return res, nil
}

// SkipFunc returns a predicate with the --skip-dirs/--skip-files glob rules
// of scan fs, for walkers outside this package.
func SkipFunc(dirs, files []string) func(rel string, dir bool) bool {
	return func(rel string, dir bool) bool {
		if dir {
			return matchAny(dirs, rel)
		}
		return matchAny(files, rel)
	}
}
