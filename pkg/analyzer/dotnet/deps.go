package dotnet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// runtimePackPrefix is the prefix the SDK gives the runtime it bundles into
// a self-contained application ("runtimepack.Microsoft.NETCore.App.Runtime.linux-x64");
// without it the name is that of the NuGet package advisories are about.
const runtimePackPrefix = "runtimepack."

// ErrNotDeps is returned for JSON with none of the sections of a deps.json.
var ErrNotDeps = errors.New("no deps.json sections found")

// DepsJSON reads the .deps.json files of built .NET applications; use it
// for images and installed file systems (Trivy also reads them in source
// trees, where they appear in build output).
type DepsJSON struct{}

// NewDepsJSON returns the analyzer for *.deps.json files.
func NewDepsJSON() *DepsJSON { return &DepsJSON{} }

// Name is the analyzer's stable name.
func (*DepsJSON) Name() string { return "dotnet-deps" }

// Version changes whenever Parse may return something different for the same file.
func (*DepsJSON) Version() int { return 1 }

// Required reports whether path names a file APP.deps.json.
func (*DepsJSON) Required(path string) bool {
	base := baseName(path)
	return len(base) > len(".deps.json") && strings.HasSuffix(base, ".deps.json")
}

type depsFile struct {
	RuntimeTarget struct {
		Name string `json:"name"`
	} `json:"runtimeTarget"`
	Targets   map[string]map[string]targetLib `json:"targets"`
	Libraries map[string]struct {
		Type string `json:"type"`
	} `json:"libraries"`
}

type targetLib struct {
	Runtime        json.RawMessage `json:"runtime"`
	RuntimeTargets json.RawMessage `json:"runtimeTargets"`
	Native         json.RawMessage `json:"native"`
}

// ships reports whether the application carries files of the library at
// run time; a library with none (a reference assembly pack, a meta-package)
// puts no code of its own in the application. As in Trivy, any value other
// than null counts, even an empty object.
func (l targetLib) ships() bool {
	present := func(m json.RawMessage) bool { return len(m) > 0 && !bytes.Equal(m, []byte("null")) }
	return present(l.Runtime) || present(l.RuntimeTargets) || present(l.Native)
}

// Parse returns the NuGet packages and bundled runtime packs the
// application uses, sorted by name and version, with Trivy v0.74's
// semantics: projects (the application and the projects it references)
// are not packages; when the runtime target is described, libraries it
// lists without runtime, runtimeTargets or native assets are left out,
// and libraries it does not list are kept. Input holding only whitespace
// yields nothing.
func (*DepsJSON) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	content = trimInput(content)
	if blank(content) {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var f depsFile
	if err := json.Unmarshal(content, &f); err != nil {
		return nil, fmt.Errorf("decoding deps.json: %w", err)
	}
	if f.Libraries == nil && f.Targets == nil && f.RuntimeTarget.Name == "" {
		return nil, ErrNotDeps
	}
	target, haveTarget := f.Targets[f.RuntimeTarget.Name]
	// Target entries name runtime packs with the prefix, as libraries do;
	// both are looked up without it.
	libs := make(map[string]targetLib, len(target))
	for key, lib := range target {
		libs[strings.TrimPrefix(key, runtimePackPrefix)] = lib
	}
	c := newCollector(path)
	for key, lib := range f.Libraries {
		name, version, ok := strings.Cut(key, "/")
		if !ok || strings.Contains(version, "/") {
			continue
		}
		switch {
		case strings.EqualFold(lib.Type, "package"):
		case strings.EqualFold(lib.Type, "runtimepack"):
			name = strings.TrimPrefix(name, runtimePackPrefix)
		default:
			continue
		}
		if haveTarget {
			if tl, listed := libs[name+"/"+version]; listed && !tl.ships() {
				continue
			}
		}
		if err := c.add(ctx, name, version); err != nil {
			return nil, err
		}
	}
	return c.sorted(), nil
}
