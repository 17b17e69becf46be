package iac

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// maxKustomizeOutput bounds the YAML a build produces (a variable for
// tests).
var maxKustomizeOutput = 20 << 20

// Bounds on Kustomize builds.
const (
	// maxKustomizeRead bounds what a build reads from disk, all files
	// together (a file read twice counts twice).
	maxKustomizeRead = 100 << 20
	// maxKustomizations bounds the kustomization directories checked before
	// a build.
	maxKustomizations = 1000
)

// originAnnotation is the annotation kustomize adds with buildMetadata
// [originAnnotations].
const originAnnotation = "config.kubernetes.io/origin"

var errReadOnly = errors.New("palisade builds kustomizations read-only")

// kustomizeSem serialises builds.
var kustomizeSem = make(chan struct{}, 1)

// loadKustomize builds a Kustomize directory in-process, as `kustomize build
// DIR` with the default options: load restrictions root only (files a
// kustomization reads must be under its own directory; bases and components
// may be anywhere on disk), builtin plugins only (no exec, Go or KRM function
// plugins), no Helm chart inflation. Remote resources (URLs and git
// repositories) are refused before the build, so nothing is fetched. Each
// built object points into the resource file it came from; generated objects
// point at their generator entry.
func loadKustomize(ctx context.Context, dir string) (f File) {
	f = File{Path: dir, Type: "kustomize"}
	defer func() {
		if r := recover(); r != nil {
			f.Docs = nil
			f.Err = fmt.Errorf("kustomization %s: internal error: %v", dir, r)
		}
	}()
	if err := ctx.Err(); err != nil {
		f.Err = fmt.Errorf("kustomization %s: %w", dir, err)
		return f
	}
	disk := filesys.MakeFsOnDisk()
	root, file, err := disk.CleanedAbs(dir)
	if err != nil || file != "" {
		if err == nil {
			err = errors.New("not a directory")
		}
		f.Err = fmt.Errorf("kustomization %s: %s", dir, oneLine(err))
		return f
	}
	kfile := kustomizationFile(root.String())
	if kfile == "" {
		f.Err = fmt.Errorf("kustomization %s: no kustomization.yaml", dir)
		return f
	}
	chk := &kustChecker{visited: map[string]bool{}, show: func(p string) string {
		if rel, err := filepath.Rel(root.String(), p); err == nil {
			return filepath.Join(dir, rel)
		}
		return p
	}}
	if err := chk.check(root.String()); err != nil {
		f.Err = fmt.Errorf("kustomization %s: %s", dir, oneLine(err))
		return f
	}

	budget := int64(maxKustomizeRead)
	fsys := &kustFS{FileSystem: disk, inject: filepath.Join(root.String(), kfile), budget: &budget}
	m, err := runKustomize(ctx, fsys, root.String())
	if err != nil {
		// Kustomize names files by absolute path; show them as found.
		msg := strings.ReplaceAll(oneLine(err), root.String()+string(filepath.Separator), filepath.Clean(dir)+string(filepath.Separator))
		f.Err = fmt.Errorf("kustomization %s: %s", dir, msg)
		return f
	}

	res := m.Resources()
	origins := make([]*resource.Origin, len(res))
	for i, r := range res {
		origins[i], _ = r.GetOrigin()
	}
	if err := m.RemoveOriginAnnotations(); err != nil {
		f.Err = fmt.Errorf("kustomization %s: %s", dir, oneLine(err))
		return f
	}

	b := &kustDocBuilder{
		dir:    dir,
		root:   root.String(),
		kfile:  kfile,
		source: "kustomize:" + dir,
		files:  map[string]*originFile{},
		seen:   map[string]int{},
	}
	total := 0
	for i, r := range res {
		if err := ctx.Err(); err != nil {
			f.Docs, f.Errors = nil, nil
			f.Err = fmt.Errorf("kustomization %s: %w", dir, err)
			return f
		}
		y, err := r.AsYAML()
		if err != nil {
			f.Errors = append(f.Errors, fmt.Errorf("kustomization %s: %s", dir, oneLine(err)))
			continue
		}
		total += len(y)
		if total > maxKustomizeOutput {
			f.Docs, f.Errors = nil, nil
			f.Err = fmt.Errorf("kustomization %s: build output is larger than %d MiB", dir, maxKustomizeOutput>>20)
			return f
		}
		docs, errs, err := ParseKubernetes(filepath.Join(dir, kfile), y)
		if err != nil {
			f.Errors = append(f.Errors, fmt.Errorf("kustomization %s: built object: %s", dir, oneLine(err)))
			continue
		}
		f.Errors = append(f.Errors, errs...)
		for _, d := range docs {
			f.Docs = append(f.Docs, b.document(d, origins[i]))
		}
	}
	return f
}

// runKustomize runs krusty; it does not stop on cancellation, but the
// caller does not wait for it.
func runKustomize(ctx context.Context, fsys filesys.FileSystem, root string) (resmap.ResMap, error) {
	type result struct {
		m   resmap.ResMap
		err error
	}
	// Kustomize keeps the OpenAPI schema in global state: one build at a
	// time.
	select {
	case kustomizeSem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-kustomizeSem }()
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("build failed: %v", r)}
			}
		}()
		opts := krusty.MakeDefaultOptions()
		opts.LoadRestrictions = types.LoadRestrictionsRootOnly
		opts.PluginConfig = types.DisabledPluginConfig()
		opts.PluginConfig.HelmConfig.Enabled = false
		opts.AddManagedbyLabel = false
		m, err := krusty.MakeKustomizer(opts).Run(fsys, root)
		done <- result{m, err}
	}()
	select {
	case r := <-done:
		return r.m, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// kustomizationFile is the name of the kustomization file in dir, or "".
func kustomizationFile(dir string) string {
	for _, n := range konfig.RecognizedKustomizationFileNames() {
		if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && fi.Mode().IsRegular() {
			return n
		}
	}
	return ""
}

// kustFS is the disk, read-only, with bounded reads; the top kustomization
// file is read with buildMetadata [originAnnotations] added, so that built
// objects say which file they come from.
type kustFS struct {
	filesys.FileSystem
	inject string
	budget *int64
}

// ReadFile implements filesys.FileSystem.
func (k *kustFS) ReadFile(p string) ([]byte, error) {
	if *k.budget <= 0 {
		return nil, fmt.Errorf("build reads more than %d MiB", maxKustomizeRead>>20)
	}
	data, err := readBounded(p, min(MaxFileSize, *k.budget))
	if err != nil {
		if errors.Is(err, errFileTooLarge) {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return nil, err
	}
	*k.budget -= int64(len(data))
	if abs, err := filepath.Abs(p); err == nil && abs == k.inject {
		return withOriginAnnotations(data), nil
	}
	return data, nil
}

// Create implements filesys.FileSystem.
func (k *kustFS) Create(string) (filesys.File, error) { return nil, errReadOnly }

// Mkdir implements filesys.FileSystem.
func (k *kustFS) Mkdir(string) error { return errReadOnly }

// MkdirAll implements filesys.FileSystem.
func (k *kustFS) MkdirAll(string) error { return errReadOnly }

// RemoveAll implements filesys.FileSystem.
func (k *kustFS) RemoveAll(string) error { return errReadOnly }

// WriteFile implements filesys.FileSystem.
func (k *kustFS) WriteFile(string, []byte) error { return errReadOnly }

// withOriginAnnotations adds originAnnotations to the buildMetadata of a
// kustomization; anything it cannot edit is returned unchanged for kustomize
// to report.
func withOriginAnnotations(data []byte) []byte {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return data
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return data
	}
	item := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: types.OriginAnnotations}
	found := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "buildMetadata" {
			continue
		}
		found = true
		seq := m.Content[i+1]
		switch {
		case seq.Kind == yaml.SequenceNode:
			for _, c := range seq.Content {
				if c.Value == types.OriginAnnotations {
					return data
				}
			}
			seq.Content = append(seq.Content, item)
			seq.Style = 0
		case seq.Kind == yaml.ScalarNode && seq.Tag == "!!null":
			m.Content[i+1] = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{item}}
		default:
			return data
		}
	}
	if !found {
		m.Content = append(m.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "buildMetadata"},
			&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{item}})
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return data
	}
	_ = enc.Close()
	return buf.Bytes()
}

// kustChecker refuses kustomizations that would fetch anything: kustomize
// clones git repositories (running git) and downloads http(s) URLs named as
// resources, bases, components, plugin configs, patches and generator
// files, and offers no option to turn that off.
type kustChecker struct {
	visited map[string]bool
	// show turns an absolute path into one for messages.
	show func(string) string
}

var scpUserRe = regexp.MustCompile(`^[a-z][a-z0-9-]*@`)

// looksRemote reports whether kustomize would treat s as a URL or a git
// repository (see its git.NewRepoSpecFromURL and loader.IsRemoteFile).
func looksRemote(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	l = strings.TrimPrefix(l, "git::")
	return strings.Contains(l, "://") || scpUserRe.MatchString(l) ||
		strings.HasPrefix(l, "github.com/") || strings.HasPrefix(l, "github.com:")
}

// Keys whose values kustomize loads as files (patches, generator sources,
// plugin configs ...), at any depth of a kustomization or plugin config.
var kustPathKeys = map[string]bool{
	"path": true, "files": true, "envs": true, "env": true, "crds": true,
	"configurations": true, "patchesStrategicMerge": true, "valuesFile": true,
	"additionalValuesFiles": true, "argsFromFile": true, "targetFilePath": true,
}

// Keys listing resources, bases or plugin configs: files, directories or
// (generators, transformers, validators) inline YAML.
var kustEntryKeys = map[string]bool{
	"resources": true, "bases": true, "components": true,
	"generators": true, "transformers": true, "validators": true,
}

func (c *kustChecker) check(dir string) error {
	if c.visited[dir] {
		return nil
	}
	c.visited[dir] = true
	if len(c.visited) > maxKustomizations {
		return fmt.Errorf("more than %d kustomizations", maxKustomizations)
	}
	name := kustomizationFile(dir)
	if name == "" {
		return nil // kustomize reports it
	}
	abs := filepath.Join(dir, name)
	p := c.show(abs)
	data, err := readBounded(abs, MaxFileSize)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil // kustomize reports it
	}
	root := resolve(&n)
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = resolve(root.Content[0])
	}
	if err := c.paths(root, 0); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key := root.Content[i].Value
		if !kustEntryKeys[key] {
			continue
		}
		seq := resolve(root.Content[i+1])
		if seq.Kind != yaml.SequenceNode {
			continue
		}
		for _, e := range seq.Content {
			e = resolve(e)
			if e.Kind != yaml.ScalarNode {
				continue
			}
			if err := c.entry(dir, key, e.Value); err != nil {
				return fmt.Errorf("%s: %s: %w", p, key, err)
			}
		}
	}
	return nil
}

// entry checks one item of resources, bases, components, generators,
// transformers or validators.
func (c *kustChecker) entry(dir, key, s string) error {
	plugin := key == "generators" || key == "transformers" || key == "validators"
	if strings.Contains(s, "\n") {
		if plugin {
			return c.configData([]byte(s))
		}
		return nil
	}
	l := strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return fmt.Errorf("remote resource %q is not fetched", s)
	}
	local := s
	if !filepath.IsAbs(local) {
		local = filepath.Join(dir, s)
	}
	fi, err := os.Stat(local)
	if err == nil && fi.Mode().IsRegular() && (key == "resources" || plugin) {
		if plugin {
			data, err := readBounded(local, MaxFileSize)
			if err != nil {
				return err
			}
			return c.configData(data)
		}
		return nil
	}
	if looksRemote(s) {
		return fmt.Errorf("remote resource %q is not fetched", s)
	}
	if err == nil && fi.IsDir() {
		if real, err := filepath.EvalSymlinks(local); err == nil {
			local = real
		}
		return c.check(filepath.Clean(local))
	}
	return nil
}

// configData checks plugin configurations (inline or from a file).
func (c *kustChecker) configData(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for range 10_000 {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			return nil // kustomize reports syntax errors
		}
		if err := c.paths(&n, 0); err != nil {
			return err
		}
	}
	return nil
}

// paths refuses remote values of file-path keys at any depth.
func (c *kustChecker) paths(n *yaml.Node, depth int) error {
	if n == nil || depth > maxYAMLDepth {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, x := range n.Content {
			if err := c.paths(x, depth+1); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if kustPathKeys[k] {
				if err := remoteValues(k, v); err != nil {
					return err
				}
			}
			if err := c.paths(v, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func remoteValues(key string, v *yaml.Node) error {
	var vals []string
	switch v.Kind {
	case yaml.ScalarNode:
		vals = []string{v.Value}
	case yaml.SequenceNode:
		for _, x := range v.Content {
			if x.Kind == yaml.ScalarNode {
				vals = append(vals, x.Value)
			}
		}
	}
	for _, s := range vals {
		if strings.Contains(s, "\n") {
			continue // inline content
		}
		if key == "files" {
			if _, after, ok := strings.Cut(s, "="); ok {
				s = after
			}
		}
		if looksRemote(s) {
			return fmt.Errorf("%s: remote file %q is not fetched", key, s)
		}
	}
	return nil
}

// kustDocBuilder turns built objects into documents pointing at their
// origin.
type kustDocBuilder struct {
	dir, root, kfile string
	source           string
	files            map[string]*originFile
	// seen counts the objects built from each (file, kind) so far.
	seen map[string]int
}

// originFile is a file objects were built from, parsed.
type originFile struct {
	docs []Document
	node lref // for kustomization files: the root mapping
	err  error
}

func (b *kustDocBuilder) parsed(rel string) *originFile {
	if of, ok := b.files[rel]; ok {
		return of
	}
	of := &originFile{}
	b.files[rel] = of
	data, err := readBounded(filepath.Join(b.root, rel), MaxFileSize)
	if err != nil {
		of.err = err
		return of
	}
	of.docs, _, of.err = ParseKubernetes(filepath.Join(b.dir, rel), data)
	var n yaml.Node
	if yaml.Unmarshal(data, &n) == nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		of.node = newLineIndex(n.Content[0])
	}
	return of
}

// document points a built object at the object it came from.
func (b *kustDocBuilder) document(d Document, o *resource.Origin) Document {
	out := Document{
		Type:      Kubernetes,
		File:      filepath.Join(b.dir, b.kfile),
		Source:    b.source,
		Value:     d.Value,
		Resource:  d.Resource,
		StartLine: 1,
		EndLine:   1,
	}
	kind, name := "", ""
	if d.Resource != nil {
		kind, name = d.Resource.Kind, d.Resource.Name
	}
	switch {
	case o != nil && o.Path != "" && o.Repo == "":
		rel := filepath.Clean(filepath.FromSlash(o.Path))
		key := rel + "\x00" + kind
		nth := b.seen[key]
		b.seen[key]++
		of := b.parsed(rel)
		out.File = filepath.Join(b.dir, rel)
		orig := matchOriginal(of.docs, kind, name, nth)
		if orig == nil {
			break
		}
		out.StartLine, out.EndLine = orig.StartLine, orig.EndLine
		if nl, ok := orig.Locator.(NodeLocator); ok {
			out.Locator = &kustLocator{orig: nl.root, built: d.Value}
		}
		for _, ig := range orig.Ignores {
			if ig.Source == "comment" {
				out.Ignores = append(out.Ignores, ig)
			}
		}
	case o != nil && o.ConfiguredIn != "" && o.Repo == "":
		rel := filepath.Clean(filepath.FromSlash(o.ConfiguredIn))
		of := b.parsed(rel)
		out.File = filepath.Join(b.dir, rel)
		by := o.ConfiguredBy
		if isKustomizationName(filepath.Base(rel)) {
			if s, e := generatorEntry(of.node, by.Kind, by.Name); s > 0 {
				out.StartLine, out.EndLine = s, e
			}
			break
		}
		if orig := matchOriginal(of.docs, by.Kind, by.Name, 0); orig != nil {
			out.StartLine, out.EndLine = orig.StartLine, orig.EndLine
		}
	}
	out.Ignores = append(out.Ignores, annotationIgnores(d.Value, out.StartLine, out.EndLine)...)
	return out
}

func isKustomizationName(n string) bool {
	for _, k := range konfig.RecognizedKustomizationFileNames() {
		if n == k {
			return true
		}
	}
	return false
}

// matchOriginal finds the object a built one came from in its file: same
// kind, and the same name or a name that namePrefix/nameSuffix (or a hash
// suffix) turned into the built name; else the nth object of that kind.
func matchOriginal(docs []Document, kind, name string, nth int) *Document {
	var cands []*Document
	for i := range docs {
		if docs[i].Resource != nil && docs[i].Resource.Kind == kind {
			cands = append(cands, &docs[i])
		}
	}
	if len(cands) == 0 {
		return nil
	}
	var best *Document
	for _, c := range cands {
		n := c.Resource.Name
		if n == name {
			return c
		}
		if n != "" && strings.Contains(name, n) && (best == nil || len(n) > len(best.Resource.Name)) {
			best = c
		}
	}
	if best != nil {
		return best
	}
	return cands[min(nth, len(cands)-1)]
}

// generatorEntry finds the configMapGenerator or secretGenerator entry
// named name in a kustomization; lines are 1-based.
func generatorEntry(root lref, kind, name string) (start, end int) {
	field := map[string]string{"ConfigMapGenerator": "configMapGenerator", "SecretGenerator": "secretGenerator"}[kind]
	if !root.ok() || field == "" {
		return 0, 0
	}
	seq := root.Get(field)
	if !seq.ok() || seq.Kind() != yaml.SequenceNode {
		return 0, 0
	}
	for i := range seq.Len() {
		it := seq.Child(i)
		if n := it.Get("name"); n.ok() && n.Value() == name {
			return it.Line(), it.Last()
		}
	}
	if seq.Len() > 0 {
		return seq.Line(), seq.Last()
	}
	return 0, 0
}

// kustLocator locates a field path of a built object in the object of the
// resource file it came from. Sequence items are matched by their name
// when they have one (patches may add or reorder containers); a path the
// original does not have (added by a patch or transformer) points at its
// deepest part that the original has.
type kustLocator struct {
	orig  lref
	built map[string]any
}

// Locate implements Locator.
func (l *kustLocator) Locate(path []any) (start, end int) {
	return locatePath(l.orig, path, func(seq lref, i int) lref {
		idx, ok := toIndex(path[i])
		if !ok || idx < 0 {
			return lref{}
		}
		// The built object's item says which original item it is: by name
		// when it has one, else by position.
		if m, ok := valueAt(l.built, path[:i+1]).(map[string]any); ok {
			if name, ok := m["name"].(string); ok && name != "" {
				for j := range seq.Len() {
					if it := seq.Child(j); it.Get("name").Value() == name {
						return it
					}
				}
				return lref{}
			}
		}
		if idx < seq.Len() {
			return seq.Child(idx)
		}
		return lref{}
	})
}

// valueAt follows path through decoded values; nil where it leaves them.
func valueAt(v any, path []any) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			k, _ := p.(string)
			v = x[k]
		case []any:
			i, ok := toIndex(p)
			if !ok || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
