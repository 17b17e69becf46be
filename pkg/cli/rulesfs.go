package cli

import (
	"io/fs"
	"strings"
)

// runtimeRulesFS is the part of the bundled rule tree the runtime watch
// evaluates: runtime/ and the runtime library. Compiling only these keeps
// the node agent's memory small.
type runtimeRulesFS struct{ fs.FS }

func keepRuntimeRule(name string) bool {
	return name == "." || name == "lib" || name == "runtime" || strings.HasPrefix(name, "runtime/") ||
		strings.HasPrefix(name, "lib/runtime")
}

func (r runtimeRulesFS) Open(name string) (fs.File, error) {
	if !keepRuntimeRule(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return r.FS.Open(name)
}

func (r runtimeRulesFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !keepRuntimeRule(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	all, err := fs.ReadDir(r.FS, name)
	if err != nil {
		return nil, err
	}
	var out []fs.DirEntry
	for _, e := range all {
		p := e.Name()
		if name != "." {
			p = name + "/" + p
		}
		if keepRuntimeRule(p) {
			out = append(out, e)
		}
	}
	return out, nil
}
