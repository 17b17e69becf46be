package iac

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/palisadesec/palisade/pkg/iac/dockerfile"
)

// LoadOption configures Load.
type LoadOption func(*loadOptions)

type loadOptions struct {
	skip       func(rel string, dir bool) bool
	valueFiles []string
	set        []string
	visit      func(*File)
}

// WithSkip leaves out the files and directories for which skip returns true;
// rel is slash-separated and relative to the PATH argument being walked.
// Default: nothing but VCS directories is skipped.
func WithSkip(skip func(rel string, dir bool) bool) LoadOption {
	return func(o *loadOptions) { o.skip = skip }
}

// WithHelmValues sets values files and --set overrides for every Helm chart
// found (default: the chart's own values).
func WithHelmValues(valueFiles, set []string) LoadOption {
	return func(o *loadOptions) { o.valueFiles, o.set = valueFiles, set }
}

// WithVisit calls visit with every file as soon as it is loaded, before
// Load returns it; visit may change the file (compact its documents, say).
// Files of a walked tree are visited concurrently from Load's workers, so
// that work done in visit overlaps with parsing.
func WithVisit(visit func(*File)) LoadOption {
	return func(o *loadOptions) { o.visit = visit }
}

var vcsDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// Load reads configuration from paths: files, directory trees (walked; what
// is not configuration is skipped), Helm charts (a directory with
// Chart.yaml, or a chart archive) and Kustomize directories. A file inside a
// chart loads the whole chart; each chart and Kustomize directory is loaded
// once. A path that does not exist gives a File with Err set; the others are
// still loaded. Results are in the order the paths were given, then sorted
// by path within a tree.
func Load(ctx context.Context, paths []string, opts ...LoadOption) []File {
	o := loadOptions{skip: func(string, bool) bool { return false }, visit: func(*File) {}}
	for _, f := range opts {
		f(&o)
	}
	l := &loader{ctx: ctx, o: o, seen: map[string]bool{}}
	for _, p := range paths {
		if ctx.Err() != nil {
			break
		}
		l.path(p)
	}
	return l.out
}

type loader struct {
	mu   sync.Mutex
	ctx  context.Context
	o    loadOptions
	seen map[string]bool
	out  []File
}

func (l *loader) once(p string) bool {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[abs] {
		return false
	}
	l.seen[abs] = true
	return true
}

func (l *loader) path(p string) {
	st, err := os.Stat(p)
	if err != nil {
		l.add(File{Path: p, Err: fmt.Errorf("%s: %w", p, unwrapPathErr(err))})
		return
	}
	if !st.IsDir() {
		if chart := chartRoot(p); chart != "" {
			l.helm(chart)
			return
		}
		if isKustomization(filepath.Base(p)) {
			l.kustomize(filepath.Dir(p))
			return
		}
		if f, ok := l.file(p, true); ok {
			l.add(f)
		}
		return
	}
	l.dir(p)
}

// add visits a file loaded outside the parse workers and keeps it.
func (l *loader) add(f File) {
	l.o.visit(&f)
	l.out = append(l.out, f)
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dir walks a tree: charts and Kustomize directories are loaded whole.
func (l *loader) dir(root string) {
	var files []File
	var pending []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if l.ctx.Err() != nil {
			return l.ctx.Err()
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			f := File{Path: p, Err: fmt.Errorf("%s: %w", p, unwrapPathErr(err))}
			l.o.visit(&f)
			files = append(files, f)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && (vcsDirs[d.Name()] || l.o.skip(rel, true)) {
				return fs.SkipDir
			}
			if fileExists(filepath.Join(p, "Chart.yaml")) {
				if l.once(p) {
					f := loadHelm(l.ctx, p, l.o.valueFiles, l.o.set)
					l.o.visit(&f)
					files = append(files, f)
				}
				return fs.SkipDir
			}
			if k := kustomizationIn(p); k != "" {
				if l.once(p) {
					f := loadKustomize(l.ctx, p)
					l.o.visit(&f)
					files = append(files, f)
				}
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || l.o.skip(rel, false) {
			return nil
		}
		pending = append(pending, p)
		return nil
	})
	if err != nil && l.ctx.Err() == nil {
		f := File{Path: root, Err: fmt.Errorf("walking %s: %w", root, err)}
		l.o.visit(&f)
		files = append(files, f)
	}
	files = append(files, l.parseAll(pending)...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	l.out = append(l.out, files...)
}

// parseAll loads the files found by a walk in parallel, keeping their order
// and leaving out what is not configuration.
func (l *loader) parseAll(paths []string) []File {
	out := make([]File, len(paths))
	ok := make([]bool, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(paths)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], ok[i] = l.file(paths[i], false)
				if ok[i] {
					l.o.visit(&out[i])
				}
			}
		}()
	}
	for i := range paths {
		if l.ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	var files []File
	for i := range out {
		if ok[i] {
			files = append(files, out[i])
		}
	}
	return files
}

// file loads one file; ok is false for files that are not configuration.
// explicit files named on the command line are reported even when they hold
// nothing to scan.
func (l *loader) file(p string, explicit bool) (File, bool) {
	name := filepath.Base(p)
	lower := strings.ToLower(name)
	switch {
	case dockerfile.IsDockerfile(name):
		if !l.once(p) {
			return File{}, false
		}
		f := File{Path: p, Type: "dockerfile"}
		data, err := readFileBounded(p, dockerfile.MaxSize)
		if err != nil {
			f.Err = err
			return f, true
		}
		d, err := ParseDockerfile(p, data)
		if err != nil {
			f.Err = err
			return f, true
		}
		f.Docs = []Document{d}
		return f, true
	case strings.HasSuffix(lower, ".tgz") || strings.HasSuffix(lower, ".tar.gz"):
		if !isChartArchive(p) {
			if explicit {
				return File{Path: p, Type: "helm", Err: fmt.Errorf("%s: not a Helm chart archive", p)}, true
			}
			return File{}, false
		}
		if !l.once(p) {
			return File{}, false
		}
		return loadHelm(l.ctx, p, l.o.valueFiles, l.o.set), true
	case strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".json"):
		if !l.once(p) {
			return File{}, false
		}
		f := File{Path: p, Type: "kubernetes"}
		data, err := readFileBounded(p, MaxFileSize)
		if err != nil {
			f.Err = err
			return f, true
		}
		docs, errs, err := ParseKubernetes(p, data)
		f.Docs, f.Errors, f.Err = docs, errs, err
		if !explicit && err == nil && len(docs) == 0 && len(errs) == 0 {
			// YAML that holds no Kubernetes object (CI files, values...).
			return File{}, false
		}
		return f, true
	}
	if explicit {
		return File{Path: p, Err: fmt.Errorf("%s: not a Kubernetes manifest, Helm chart, Kustomize directory or Dockerfile", p)}, true
	}
	return File{}, false
}

func (l *loader) helm(chart string) {
	if l.once(chart) {
		l.add(loadHelm(l.ctx, chart, l.o.valueFiles, l.o.set))
	}
}

func (l *loader) kustomize(dir string) {
	if l.once(dir) {
		l.add(loadKustomize(l.ctx, dir))
	}
}

// readFileBounded reads a file, refusing one larger than limit.
func readFileBounded(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPathErr(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: file is larger than %d MiB", p, limit>>20)
	}
	return data, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func isKustomization(name string) bool {
	return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization"
}

func kustomizationIn(dir string) string {
	for _, n := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		if fileExists(filepath.Join(dir, n)) {
			return n
		}
	}
	return ""
}

// chartRoot returns the chart directory a file belongs to (its Chart.yaml,
// values files or templates), or "".
func chartRoot(p string) string {
	dir := filepath.Dir(p)
	if fileExists(filepath.Join(dir, "Chart.yaml")) {
		return dir
	}
	for d := dir; ; {
		parent := filepath.Dir(d)
		if filepath.Base(d) == "templates" && fileExists(filepath.Join(parent, "Chart.yaml")) {
			return parent
		}
		if parent == d {
			return ""
		}
		d = parent
	}
}
