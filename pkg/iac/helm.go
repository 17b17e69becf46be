package iac

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"helm.sh/helm/v4/pkg/chart/common"
	commonutil "helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader/archive"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	chartloader "helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"
	"helm.sh/helm/v4/pkg/ignore"
	"helm.sh/helm/v4/pkg/strvals"
)

// Bounds on Helm charts.
const (
	// maxChartSize bounds a chart: the files of a chart directory, or the
	// compressed and the decompressed size of an archive, nested subchart
	// archives included.
	maxChartSize = 50 << 20
	// maxRenderedSize bounds what the templates of one chart render to.
	maxRenderedSize = 20 << 20
	// maxChartFiles bounds the number of files of a chart.
	maxChartFiles = 10_000
	// maxChartDepth bounds directory and subchart nesting.
	maxChartDepth = 64
)

// Release values used to render charts, as `helm template` with no flags.
const (
	helmReleaseName      = "palisade"
	helmReleaseNamespace = "default"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

var errChartTooLarge = fmt.Errorf("chart is larger than %d MiB", maxChartSize>>20)

// isChartArchive reports whether path is a gzipped tar archive holding a Helm
// chart (an entry TOP/Chart.yaml). At most a few MiB are decompressed.
func isChartArchive(path string) bool {
	lower := strings.ToLower(path)
	if !strings.HasSuffix(lower, ".tgz") && !strings.HasSuffix(lower, ".tar.gz") {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxChartSize {
		return false
	}
	gz, err := gzip.NewReader(io.LimitReader(f, maxChartSize))
	if err != nil {
		return false
	}
	defer gz.Close()
	tr := tar.NewReader(io.LimitReader(gz, 8<<20))
	for range 1000 {
		hd, err := tr.Next()
		if err != nil {
			return false
		}
		name := strings.ReplaceAll(hd.Name, "\\", "/")
		top, rest, ok := strings.Cut(name, "/")
		if ok && top != "" && top != ".." && rest == "Chart.yaml" {
			return hd.Typeflag == tar.TypeReg || hd.Typeflag == tar.TypeRegA //nolint:staticcheck // old archives use TypeRegA
		}
	}
	return false
}

// loadHelm renders a chart directory or archive offline, as `helm template`
// with the release name "palisade" in namespace "default", the default
// capabilities, the values files and --set overrides given. Subcharts are
// taken from charts/ only: a missing dependency is reported in Errors and the
// chart is rendered without it. Templates are not validated against
// values.schema.json (its references could need the network). Objects point
// into the template files they were rendered from.
func loadHelm(ctx context.Context, chartPath string, valueFiles, set []string) (f File) {
	f = File{Path: chartPath, Type: "helm"}
	defer func() {
		if r := recover(); r != nil {
			f.Docs = nil
			f.Err = fmt.Errorf("helm chart %s: internal error: %v", chartPath, r)
		}
	}()
	if err := ctx.Err(); err != nil {
		f.Err = fmt.Errorf("helm chart %s: %w", chartPath, err)
		return f
	}

	src, err := readChart(chartPath)
	if err != nil {
		f.Err = fmt.Errorf("helm chart %s: %s", chartPath, oneLine(err))
		return f
	}
	ch, err := chartloader.LoadFiles(src.files)
	if err != nil {
		f.Err = fmt.Errorf("helm chart %s: %s", chartPath, oneLine(err))
		return f
	}
	name := ch.Name()
	if ch.Metadata.APIVersion != chart.APIVersionV1 && ch.Metadata.APIVersion != chart.APIVersionV2 {
		f.Err = fmt.Errorf("helm chart %s: unsupported chart apiVersion %q", name, ch.Metadata.APIVersion)
		return f
	}
	if ch.Metadata.Type == "library" {
		// A library chart only defines helpers; it renders nothing.
		return f
	}
	f.Errors = append(f.Errors, missingDependencies(ch)...)

	vals, err := helmValues(valueFiles, set)
	if err != nil {
		f.Err = fmt.Errorf("helm chart %s: %s", name, oneLine(err))
		return f
	}
	if err := chartutil.ProcessDependencies(ch, vals); err != nil {
		f.Err = fmt.Errorf("helm chart %s: dependencies: %s", name, oneLine(err))
		return f
	}
	opts := common.ReleaseOptions{Name: helmReleaseName, Namespace: helmReleaseNamespace, Revision: 1, IsInstall: true}
	top, err := commonutil.ToRenderValuesWithSchemaValidation(ch, vals, opts, common.DefaultCapabilities.Copy(), true)
	if err != nil {
		f.Err = fmt.Errorf("helm chart %s: values: %s", name, oneLine(err))
		return f
	}
	rendered, err := renderChart(ctx, ch, top)
	if err != nil {
		f.Err = fmt.Errorf("helm chart %s: %s", name, oneLine(err))
		return f
	}

	total := 0
	keys := make([]string, 0, len(rendered))
	for k, v := range rendered {
		if strings.HasSuffix(k, "/NOTES.txt") || strings.TrimSpace(v) == "" {
			continue
		}
		total += len(v)
		keys = append(keys, k)
	}
	if total > maxRenderedSize {
		f.Err = fmt.Errorf("helm chart %s: templates render to more than %d MiB", name, maxRenderedSize>>20)
		return f
	}
	sort.Strings(keys)

	tpls := chartTemplates(ch, src)
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			f.Err = fmt.Errorf("helm chart %s: %w", name, err)
			f.Docs, f.Errors = nil, nil
			return f
		}
		docs, errs := helmDocs(name, k, rendered[k], tpls[k])
		f.Docs = append(f.Docs, docs...)
		f.Errors = append(f.Errors, errs...)
	}
	return f
}

// renderChart runs the template engine; it does not stop on cancellation,
// but the caller does not wait for it.
func renderChart(ctx context.Context, ch *chart.Chart, vals common.Values) (map[string]string, error) {
	type result struct {
		out map[string]string
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("rendering failed: %v", r)}
			}
		}()
		// The zero Engine has no cluster client (lookup returns nothing) and
		// no DNS lookups.
		var e engine.Engine
		out, err := e.RenderWithContext(ctx, ch, vals)
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		return r.out, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// helmValues merges values files and --set overrides like `helm template -f
// FILE --set K=V`. Only local files are read.
func helmValues(valueFiles, set []string) (map[string]any, error) {
	base := map[string]any{}
	for _, vf := range valueFiles {
		data, err := readBounded(vf, MaxFileSize)
		if err != nil {
			return nil, fmt.Errorf("values file %s: %w", vf, err)
		}
		m, err := chartloader.LoadValues(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("values file %s: %w", vf, err)
		}
		base = chartloader.MergeMaps(base, m)
	}
	for _, s := range set {
		if err := strvals.ParseInto(s, base); err != nil {
			return nil, fmt.Errorf("--set %s: %w", s, err)
		}
	}
	return base, nil
}

// missingDependencies lists the dependencies of Chart.yaml (at any depth)
// that are not vendored under charts/.
func missingDependencies(ch *chart.Chart) []error {
	var errs []error
	var walk func(c *chart.Chart, depth int)
	walk = func(c *chart.Chart, depth int) {
		if c == nil || c.Metadata == nil || depth > maxChartDepth {
			return
		}
		for _, req := range c.Metadata.Dependencies {
			if req == nil {
				continue
			}
			found := false
			for _, d := range c.Dependencies() {
				if d.Name() == req.Name {
					found = true
					break
				}
			}
			if !found {
				errs = append(errs, fmt.Errorf("helm chart %s: dependency %q is not in charts/ (run `helm dependency build`); rendered without it", c.ChartFullPath(), req.Name))
			}
		}
		for _, d := range c.Dependencies() {
			walk(d, depth+1)
		}
	}
	walk(ch, 0)
	return errs
}

// chartSource is the files of a chart as read, with where each template
// file is found.
type chartSource struct {
	files []*archive.BufferedFile
	// templates maps a template's name in its chart and content to the
	// path to show for it.
	templates map[tmplKey]string
}

type tmplKey struct {
	name string
	sum  [32]byte
}

// readChart reads a chart directory or archive within the size bounds.
func readChart(chartPath string) (*chartSource, error) {
	fi, err := os.Stat(chartPath)
	if err != nil {
		return nil, err
	}
	src := &chartSource{templates: map[tmplKey]string{}}
	budget := int64(maxChartSize)
	if fi.IsDir() {
		src.files, err = readChartDir(chartPath, &budget)
		if err != nil {
			return nil, err
		}
		if err := src.index(src.files, chartPath, &budget, 0); err != nil {
			return nil, err
		}
		return src, nil
	}
	if fi.Size() > maxChartSize {
		return nil, errChartTooLarge
	}
	fh, err := os.Open(chartPath)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	files, top, err := untarChart(fh, &budget)
	if err != nil {
		return nil, err
	}
	src.files = files
	if err := src.index(files, filepath.Join(chartPath, top), &budget, 0); err != nil {
		return nil, err
	}
	return src, nil
}

// index records where the templates of files are shown (under base) and
// recurses into subchart archives, whose decompressed size counts against
// budget.
func (s *chartSource) index(files []*archive.BufferedFile, base string, budget *int64, depth int) error {
	if depth > maxChartDepth {
		return errors.New("subcharts nested too deeply")
	}
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		for i := 0; i < len(f.Name); i++ {
			if (i == 0 || f.Name[i-1] == '/') && strings.HasPrefix(f.Name[i:], "templates/") {
				k := tmplKey{f.Name[i:], sum}
				if _, ok := s.templates[k]; !ok {
					s.templates[k] = filepath.Join(base, filepath.FromSlash(f.Name))
				}
			}
		}
		dir, file := path.Split(f.Name)
		if path.Base(dir) == "charts" && strings.HasSuffix(file, ".tgz") {
			sub, top, err := untarChart(bytes.NewReader(f.Data), budget)
			if err != nil {
				return fmt.Errorf("subchart %s: %w", f.Name, err)
			}
			if err := s.index(sub, filepath.Join(base, filepath.FromSlash(f.Name), top), budget, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// chartTemplates maps each template as the engine names it
// (CHART/charts/SUB/templates/x.yaml) to its source.
func chartTemplates(ch *chart.Chart, src *chartSource) map[string]*tmplFile {
	out := map[string]*tmplFile{}
	var walk func(c *chart.Chart, depth int)
	walk = func(c *chart.Chart, depth int) {
		if depth > maxChartDepth {
			return
		}
		for _, t := range c.Templates {
			if t == nil {
				continue
			}
			key := path.Join(c.ChartFullPath(), t.Name)
			disp, ok := src.templates[tmplKey{t.Name, sha256.Sum256(t.Data)}]
			if !ok {
				disp = filepath.FromSlash(key)
			}
			out[key] = &tmplFile{path: disp, data: t.Data}
		}
		for _, d := range c.Dependencies() {
			walk(d, depth+1)
		}
	}
	walk(ch, 0)
	return out
}

// readChartDir reads a chart directory as Helm does: .helmignore is
// honoured and symbolic links are followed (each directory once).
func readChartDir(dir string, budget *int64) ([]*archive.BufferedFile, error) {
	rules := ignore.Empty()
	if r, err := ignore.ParseFile(filepath.Join(dir, ignore.HelmIgnore)); err == nil {
		rules = r
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", ignore.HelmIgnore, err)
	}
	rules.AddDefaults()

	var files []*archive.BufferedFile
	visited := map[string]bool{}
	var walk func(abs, rel string, depth int) error
	walk = func(abs, rel string, depth int) error {
		if depth > maxChartDepth {
			return fmt.Errorf("%s: directories nested too deeply", rel)
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return err
		}
		if visited[real] {
			return nil
		}
		visited[real] = true
		entries, err := os.ReadDir(abs)
		if err != nil {
			return err
		}
		for _, e := range entries {
			name := path.Join(rel, e.Name())
			p := filepath.Join(abs, e.Name())
			fi, err := os.Stat(p)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if rules.Ignore(name, fi) {
				continue
			}
			if fi.IsDir() {
				if err := walk(p, name, depth+1); err != nil {
					return err
				}
				continue
			}
			if !fi.Mode().IsRegular() {
				return fmt.Errorf("%s: not a regular file", name)
			}
			if len(files) >= maxChartFiles {
				return fmt.Errorf("chart has more than %d files", maxChartFiles)
			}
			if fi.Size() > *budget {
				return errChartTooLarge
			}
			data, err := readBounded(p, *budget)
			if err != nil {
				if errors.Is(err, errFileTooLarge) {
					return errChartTooLarge
				}
				return fmt.Errorf("%s: %w", name, err)
			}
			*budget -= int64(len(data))
			files = append(files, &archive.BufferedFile{Name: name, ModTime: fi.ModTime(), Data: bytes.TrimPrefix(data, utf8BOM)})
		}
		return nil
	}
	if err := walk(dir, "", 0); err != nil {
		return nil, err
	}
	return files, nil
}

var errFileTooLarge = errors.New("file too large")

// readBounded reads a file of at most limit bytes.
func readBounded(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d MiB", errFileTooLarge, limit>>20)
	}
	return data, nil
}

// budgetReader fails once more than *left bytes have been read.
type budgetReader struct {
	r    io.Reader
	left *int64
}

func (b budgetReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	if *b.left < 0 {
		return n, errChartTooLarge
	}
	return n, err
}

// untarChart reads a gzipped chart archive the way Helm does (the first
// path element is the chart directory and is dropped), charging the
// decompressed bytes to budget. It returns the files and the name of the
// chart directory holding Chart.yaml.
func untarChart(r io.Reader, budget *int64) ([]*archive.BufferedFile, string, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, "", fmt.Errorf("not a gzipped chart archive: %w", err)
	}
	defer gz.Close()
	tr := tar.NewReader(budgetReader{gz, budget})
	var files []*archive.BufferedFile
	top := ""
	for {
		hd, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if errors.Is(err, errChartTooLarge) {
				return nil, "", errChartTooLarge
			}
			return nil, "", fmt.Errorf("reading chart archive: %w", err)
		}
		if hd.Typeflag != tar.TypeReg && hd.Typeflag != tar.TypeRegA { //nolint:staticcheck // old archives use TypeRegA
			continue
		}
		delim := "/"
		if strings.ContainsRune(hd.Name, '\\') {
			delim = "\\"
		}
		parts := strings.Split(hd.Name, delim)
		n := path.Clean(strings.Join(parts[1:], "/"))
		switch {
		case path.IsAbs(n) || n == "." || n == ".." || strings.HasPrefix(n, "../"):
			return nil, "", fmt.Errorf("chart archive entry %q is outside the chart directory", hd.Name)
		case parts[0] == "Chart.yaml" && len(parts) == 1:
			return nil, "", errors.New("chart archive has Chart.yaml outside a chart directory")
		}
		if len(files) >= maxChartFiles {
			return nil, "", fmt.Errorf("chart has more than %d files", maxChartFiles)
		}
		if hd.Size > *budget {
			return nil, "", errChartTooLarge
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			if errors.Is(err, errChartTooLarge) {
				return nil, "", errChartTooLarge
			}
			return nil, "", fmt.Errorf("reading chart archive: %w", err)
		}
		if n == "Chart.yaml" && top == "" {
			top = parts[0]
		}
		files = append(files, &archive.BufferedFile{Name: n, ModTime: hd.ModTime, Data: bytes.TrimPrefix(data, utf8BOM)})
	}
	if len(files) == 0 {
		return nil, "", errors.New("empty chart archive")
	}
	if top == "" {
		return nil, "", errors.New("no Chart.yaml in chart archive")
	}
	return files, top, nil
}

// oneLine flattens an error message.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// helmDocs turns one rendered template into documents pointing into the
// template source.
func helmDocs(chartName, key, content string, tf *tmplFile) ([]Document, []error) {
	ext := strings.ToLower(path.Ext(key))
	manifest := ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".tpl"
	docs, errs, err := ParseKubernetes(key, []byte(content))
	if err != nil {
		if !manifest {
			return nil, nil
		}
		return nil, []error{fmt.Errorf("helm chart %s: rendered %s", chartName, oneLine(err))}
	}
	var outErrs []error
	if manifest {
		for _, e := range errs {
			outErrs = append(outErrs, fmt.Errorf("helm chart %s: rendered %s", chartName, oneLine(e)))
		}
	}
	if len(docs) == 0 {
		return nil, outErrs
	}
	if tf == nil {
		tf = &tmplFile{path: filepath.FromSlash(key)}
	}
	src := tf.source()
	rlines := strings.Split(content, "\n")
	kindSeen := map[string]int{}
	out := make([]Document, 0, len(docs))
	for i, d := range docs {
		var root lref
		if nl, ok := d.Locator.(NodeLocator); ok {
			root = nl.root
		}
		kind := ""
		if d.Resource != nil {
			kind = d.Resource.Kind
		}
		seg := src.segmentFor(kind, kindSeen[kind], i)
		kindSeen[kind]++
		nd := Document{
			Type:      Kubernetes,
			File:      tf.path,
			Source:    "helm:" + chartName,
			Value:     d.Value,
			Resource:  d.Resource,
			StartLine: seg.first,
			EndLine:   seg.last,
		}
		if root.ok() {
			nd.Locator = &helmLocator{src: src, seg: seg, root: root, rendered: rlines}
		}
		nd.Ignores = append(nd.Ignores, annotationIgnores(d.Value, seg.first, seg.last)...)
		nd.Ignores = append(nd.Ignores, src.commentIgnores(seg)...)
		out = append(out, nd)
	}
	return out, outErrs
}

// tmplFile is a template file of a chart.
type tmplFile struct {
	path string
	data []byte
	src  *tmplSource
}

func (t *tmplFile) source() *tmplSource {
	if t.src == nil {
		t.src = analyzeTemplate(t.data)
	}
	return t.src
}

// Template line classes.
const (
	lineBlank = iota
	lineComment
	lineDirective // only template actions
	lineContent   // YAML text, possibly with actions
)

// tline is one line of a template.
type tline struct {
	class int
	// indent is the column of the content (of the first '-' of an item).
	indent int
	// keyCol is the column where the key starts, after any "- ".
	keyCol int
	// text is the content with indentation and leading actions removed.
	text string
	// raw is the whole line.
	raw string
	// producer marks directive lines that emit YAML (include, toYaml ...).
	producer bool
	// rangeStart marks {{ range }} directives.
	rangeStart bool
}

// tmplSource is a template analysed for line mapping.
type tmplSource struct {
	lines    []tline
	segs     []tsegment
	comments []tcomment
	// byKind indexes segs by kind ("" for computed kinds).
	byKind map[string][]int
}

// tsegment is one YAML document of a template (between --- lines); lines
// are 0-based indexes, first and last 1-based line numbers.
type tsegment struct {
	from, to    int
	first, last int
	kind        string
}

// analyzeTemplate classifies the lines of a template and splits it into
// documents.
func analyzeTemplate(data []byte) *tmplSource {
	raw := strings.Split(string(data), "\n")
	src := &tmplSource{lines: make([]tline, len(raw))}
	inAction := false
	for i, l := range raw {
		l = strings.TrimRight(l, "\r")
		tl := tline{raw: l}
		if inAction {
			tl.class = lineDirective
			if strings.Contains(l, "}}") {
				inAction = false
			}
			src.lines[i] = tl
			continue
		}
		trimmed := strings.TrimLeft(l, " \t")
		tl.indent = len(l) - len(trimmed)
		text := trimmed
		var actions []string
		for strings.HasPrefix(text, "{{") {
			end := strings.Index(text, "}}")
			if end < 0 {
				inAction = true
				actions = append(actions, text)
				text = ""
				break
			}
			actions = append(actions, text[:end+2])
			text = strings.TrimLeft(text[end+2:], " \t")
		}
		text = strings.TrimRight(text, " \t")
		switch {
		case text == "" && len(actions) > 0:
			tl.class = lineDirective
			for _, a := range actions {
				body := strings.TrimSpace(strings.Trim(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(a, "{{"), "}}")), "-"))
				if strings.HasPrefix(body, "/*") {
					continue
				}
				if strings.HasPrefix(body, "range ") {
					tl.rangeStart = true
				}
				for _, w := range []string{"include ", "toYaml", "tpl ", "template ", "toJson", "toPrettyJson", "toRawJson", ".Files."} {
					if strings.Contains(body, w) {
						tl.producer = true
					}
				}
			}
		case text == "":
			tl.class = lineBlank
		case strings.HasPrefix(text, "#"):
			tl.class = lineComment
		default:
			tl.class = lineContent
			tl.text = text
			// An action left open continues on the next lines.
			if strings.Count(text, "{{") > strings.Count(text, "}}") {
				inAction = true
			}
			tl.keyCol = tl.indent
			s := text
			for strings.HasPrefix(s, "-") && (len(s) == 1 || s[1] == ' ' || s[1] == '\t') {
				t := strings.TrimLeft(s[1:], " \t")
				tl.keyCol += len(s) - len(t)
				s = t
			}
		}
		src.lines[i] = tl
	}

	// Split into documents.
	start := 0
	flush := func(end int) {
		seg := tsegment{from: start, to: end - 1}
		minIndent := -1
		for j := seg.from; j <= seg.to; j++ {
			l := src.lines[j]
			if l.class == lineContent {
				if seg.first == 0 {
					seg.first = j + 1
				}
				seg.last = j + 1
				if minIndent < 0 || l.keyCol < minIndent {
					minIndent = l.keyCol
				}
			} else if l.class == lineDirective && l.producer && seg.first > 0 {
				seg.last = j + 1
			}
		}
		if seg.first == 0 {
			return
		}
		for j := seg.from; j <= seg.to; j++ {
			l := src.lines[j]
			if l.class == lineContent && l.keyCol == minIndent && keyMatch(l.text, "kind") {
				v := strings.TrimSpace(l.text[strings.Index(l.text, ":")+1:])
				if k, _, ok := strings.Cut(v, " #"); ok {
					v = k
				}
				v = strings.Trim(v, `"'`)
				if !strings.Contains(v, "{{") {
					seg.kind = v
				}
				break
			}
		}
		src.segs = append(src.segs, seg)
	}
	for i, l := range src.lines {
		if l.class == lineContent && l.indent == 0 && strings.HasPrefix(l.text, "---") {
			src.lines[i].class = lineDirective // a separator, not content
			flush(i)
			start = i + 1
		}
	}
	flush(len(src.lines))
	src.byKind = map[string][]int{}
	for i, sg := range src.segs {
		src.byKind[sg.kind] = append(src.byKind[sg.kind], i)
	}
	if bytes.Contains(data, []byte("palisade:ignore=")) {
		src.findComments()
	}
	return src
}

// segmentFor picks the template document a rendered object came from: the
// nth document of its kind (the last one when a range repeats it), else the
// idx-th document.
func (s *tmplSource) segmentFor(kind string, nth, idx int) tsegment {
	if len(s.segs) == 0 {
		n := max(len(s.lines), 1)
		return tsegment{from: 0, to: len(s.lines) - 1, first: 1, last: n}
	}
	if same := s.byKind[kind]; kind != "" && len(same) > 0 {
		return s.segs[same[min(nth, len(same)-1)]]
	}
	if unknown := s.byKind[""]; len(unknown) > 0 {
		return s.segs[unknown[min(nth, len(unknown)-1)]]
	}
	return s.segs[min(idx, len(s.segs)-1)]
}

// keyMatch reports whether YAML text (after indentation) is the mapping
// entry key, possibly as the first entry of a sequence item.
func keyMatch(text, key string) bool {
	s := text
	for strings.HasPrefix(s, "-") && (len(s) == 1 || s[1] == ' ' || s[1] == '\t') {
		s = strings.TrimLeft(s[1:], " \t")
	}
	for _, k := range []string{key, `"` + key + `"`, `'` + key + `'`} {
		if rest, ok := strings.CutPrefix(s, k); ok && strings.HasPrefix(rest, ":") {
			return len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t'
		}
	}
	return false
}

func isItem(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ") || strings.HasPrefix(text, "-\t")
}

// scopeEnd is the last line index belonging to the block that line j opens:
// following lines indented more deeply (or, for a key with no inline value,
// sequence items at the same indentation). Directive, blank and comment
// lines do not end a block.
func (s *tmplSource) scopeEnd(j, limit int) int {
	l := s.lines[j]
	compact := !isItem(l.text) && strings.HasSuffix(l.text, ":")
	end := j
	for k := j + 1; k <= limit; k++ {
		c := s.lines[k]
		if c.class != lineContent {
			continue
		}
		if c.indent > l.indent || (compact && c.indent == l.indent && isItem(c.text)) {
			end = k
			continue
		}
		break
	}
	// Directives between the last content line and the next block belong to
	// a block that the line opens (e.g. an include that fills it).
	if !isItem(l.text) && !strings.HasSuffix(l.text, ":") {
		return end
	}
	for k := end + 1; k <= limit; k++ {
		c := s.lines[k]
		if c.class == lineContent {
			break
		}
		if c.class == lineDirective && c.producer {
			end = k
		}
	}
	return end
}

// lastContent is the last line index in [from, to] holding YAML or a
// directive that emits YAML, or from.
func (s *tmplSource) lastContent(from, to int) int {
	for k := min(to, len(s.lines)-1); k > from; k-- {
		if c := s.lines[k]; c.class == lineContent || (c.class == lineDirective && c.producer) {
			return k
		}
	}
	return from
}

// findKey finds the line of key among the lines [lo, hi], preferring the
// shallowest entries.
func (s *tmplSource) findKey(lo, hi int, key string) int {
	minCol := -1
	for k := lo; k <= hi; k++ {
		if c := s.lines[k]; c.class == lineContent && (minCol < 0 || c.keyCol < minCol) {
			minCol = c.keyCol
		}
	}
	deeper := -1
	for k := lo; k <= hi; k++ {
		c := s.lines[k]
		if c.class != lineContent || !keyMatch(c.text, key) {
			continue
		}
		if c.keyCol == minCol {
			return k
		}
		if deeper < 0 {
			deeper = k
		}
	}
	return deeper
}

// findItem finds the line of item idx (of n rendered items whose first line
// reads text) among the lines [lo, hi].
func (s *tmplSource) findItem(lo, hi, idx, n int, text string) int {
	minIndent := -1
	for k := lo; k <= hi; k++ {
		if c := s.lines[k]; c.class == lineContent && isItem(c.text) && (minIndent < 0 || c.indent < minIndent) {
			minIndent = c.indent
		}
	}
	var items []int
	rangeAt := -1
	for k := lo; k <= hi; k++ {
		c := s.lines[k]
		if c.class == lineDirective && c.rangeStart && rangeAt < 0 {
			rangeAt = k
		}
		if c.class == lineContent && isItem(c.text) && c.indent == minIndent {
			items = append(items, k)
		}
	}
	text = strings.TrimSpace(text)
	for _, k := range items {
		if s.lines[k].text == text {
			return k
		}
	}
	if rangeAt < 0 && len(items) == n {
		return items[idx]
	}
	if rangeAt >= 0 {
		for _, k := range items {
			if k > rangeAt {
				return k
			}
		}
	}
	if idx < len(items) {
		return items[idx]
	}
	return -1
}

// producer is the first directive in [lo, hi] that emits YAML, or -1.
func (s *tmplSource) producer(lo, hi int) int {
	for k := lo; k <= hi; k++ {
		if s.lines[k].class == lineDirective && s.lines[k].producer {
			return k
		}
	}
	return -1
}

// tcomment is a `# palisade:ignore=ID` comment of a template: target is
// the 1-based line it applies to; header marks a comment on a line of its
// own.
type tcomment struct {
	ids    []string
	target int
	header bool
}

// findComments finds the suppression comments of a template. A comment on
// its own line targets the next YAML line (template directives skipped), a
// trailing comment its own line.
func (s *tmplSource) findComments() {
	next := 0 // 1-based line of the next YAML line after i
	for i := len(s.lines) - 1; i >= 0; i-- {
		l := s.lines[i]
		if m := ignoreRe.FindStringSubmatchIndex(l.raw); m != nil && l.class != lineDirective {
			c := tcomment{ids: splitIDs(l.raw[m[2]:m[3]]), target: i + 1}
			if strings.TrimSpace(l.raw[:m[0]]) == "" {
				c.target, c.header = next, true
			}
			s.comments = append(s.comments, c)
		}
		if l.class == lineContent {
			next = i + 1
		}
	}
}

// commentIgnores are the suppression comments of the template that apply
// to the document in seg; a comment above its first line covers it all.
func (s *tmplSource) commentIgnores(seg tsegment) []Ignore {
	var out []Ignore
	for _, c := range s.comments {
		switch {
		case c.header && c.target == seg.first:
			out = append(out, Ignore{IDs: c.ids, StartLine: seg.first, EndLine: seg.last, Source: "comment"})
		case c.target >= seg.first && c.target <= seg.last:
			out = append(out, Ignore{IDs: c.ids, StartLine: c.target, EndLine: c.target, Source: "comment"})
		}
	}
	return out
}

// helmLocator locates a field path of a rendered object in its template:
// the path is walked in the rendered YAML and, step by step, each key or
// sequence item is looked up in the template within the block of the
// previous step. Where a step cannot be found (keys produced by include,
// toYaml or computed names) the finding points at the directive that
// produced the block, or at the deepest step found.
type helmLocator struct {
	src      *tmplSource
	seg      tsegment
	root     lref
	rendered []string
}

// Locate implements Locator.
func (l *helmLocator) Locate(path []any) (start, end int) {
	start, end = l.seg.first, l.seg.last
	n := l.root
	if !n.ok() || len(l.src.lines) == 0 {
		return start, end
	}
	lo, hi := l.seg.from, l.seg.to
	for _, p := range path {
		var next lref
		j := -1
		switch n.Kind() {
		case yaml.MappingNode:
			key, ok := p.(string)
			if !ok {
				return start, end
			}
			_, next = n.Entry(key)
			if !next.ok() {
				return start, end
			}
			j = l.src.findKey(lo, hi, key)
			if j >= 0 {
				lo, hi = j+1, l.src.scopeEnd(j, hi)
			}
		case yaml.SequenceNode:
			idx, ok := toIndex(p)
			if !ok || idx < 0 || idx >= n.Len() {
				return start, end
			}
			next = n.Child(idx)
			text := ""
			if ln := n.ChildLine(idx); ln >= 1 && ln <= len(l.rendered) {
				text = l.rendered[ln-1]
			}
			j = l.src.findItem(lo, hi, idx, n.Len(), text)
			if j >= 0 {
				// The item's first entry is on its own line.
				lo, hi = j, l.src.scopeEnd(j, hi)
			}
		default:
			return start, end
		}
		if j < 0 {
			if pj := l.src.producer(lo, hi); pj >= 0 {
				return pj + 1, pj + 1
			}
			return start, end
		}
		n = next
		start, end = j+1, l.src.lastContent(j, hi)+1
	}
	return start, max(end, start)
}
