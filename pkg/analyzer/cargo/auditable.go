package cargo

import (
	"bytes"
	"compress/zlib"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/palisadesec/palisade/pkg/analyzer/gobinary"
)

// Section names cargo-auditable writes, and those rust-audit, its
// predecessor, wrote in each format.
var (
	elfSections   = []string{".dep-v0", ".rust-deps-v0"}
	peSections    = []string{".dep-v0", "rdep-v0"}
	machoSections = []string{".dep-v0", "rust-deps-v0"}
)

// sectionMarkers occur in every file holding one of the sections, as the
// section name is stored in the file; a file without them is passed over
// without parsing its headers.
var sectionMarkers = [][]byte{[]byte("dep-v0"), []byte("deps-v0")}

const (
	// maxSection bounds the compressed audit data; real sections are a
	// few KiB.
	maxSection = 16 << 20
	// maxAuditJSON bounds the decompressed JSON, as cargo-auditable's own
	// reader does by default.
	maxAuditJSON = 8 << 20
)

// parseExecutable returns the runtime crates recorded in a cargo-auditable
// executable, or nothing for other files. A file whose executable format
// cannot be parsed is not taken for a Rust executable; an audit section
// that cannot be decoded is an error.
func parseExecutable(content []byte) ([]crate, error) {
	if !gobinary.IsExecutable(content) || !containsAny(content, sectionMarkers) {
		return nil, nil
	}
	data, err := auditSection(content)
	if err != nil || data == nil {
		return nil, err
	}
	return decodeDepV0(data)
}

func containsAny(b []byte, subs [][]byte) bool {
	for _, s := range subs {
		if bytes.Contains(b, s) {
			return true
		}
	}
	return false
}

// section is what the three debug packages' section types share.
type section interface {
	Data() ([]byte, error)
}

// auditSection returns the audit section's data, or nil when there is none.
func auditSection(content []byte) ([]byte, error) {
	r := bytes.NewReader(content)
	var (
		sec  section
		size uint64
	)
	switch {
	case bytes.HasPrefix(content, []byte("\x7fELF")):
		f, err := elf.NewFile(r)
		if err != nil {
			return nil, nil
		}
		for _, name := range elfSections {
			if s := f.Section(name); s != nil && s.Type != elf.SHT_NOBITS {
				sec, size = s, s.Size
				break
			}
		}
	case bytes.HasPrefix(content, []byte("MZ")):
		f, err := pe.NewFile(r)
		if err != nil {
			return nil, nil
		}
		for _, name := range peSections {
			if s := f.Section(name); s != nil {
				sec, size = s, uint64(s.Size)
				break
			}
		}
	default:
		f, err := machoFile(r)
		if err != nil {
			return nil, nil
		}
		for _, name := range machoSections {
			if s := f.Section(name); s != nil {
				sec, size = s, s.Size
				break
			}
		}
	}
	if sec == nil {
		return nil, nil
	}
	if size > maxSection {
		return nil, fmt.Errorf("audit section of %d bytes exceeds %d", size, maxSection)
	}
	data, err := sec.Data()
	if err != nil {
		return nil, fmt.Errorf("reading audit section: %w", err)
	}
	return data, nil
}

// machoFile opens a thin Mach-O file, or the first architecture of a
// universal one; all architectures are built from the same dependencies.
func machoFile(r io.ReaderAt) (*macho.File, error) {
	f, err := macho.NewFile(r)
	if err == nil {
		return f, nil
	}
	fat, ferr := macho.NewFatFile(r)
	if ferr != nil {
		return nil, err
	}
	if len(fat.Arches) == 0 {
		return nil, errors.New("universal binary without architectures")
	}
	return fat.Arches[0].File, nil
}

// auditInfo is the part of cargo-auditable's VersionInfo JSON read here;
// source, root, dependencies (indices into packages) and format are not
// used.
type auditInfo struct {
	Packages []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		// Kind is "build" for crates only used at build time, and
		// "runtime", the default when absent, for the rest.
		Kind string `json:"kind"`
	} `json:"packages"`
}

// decodeDepV0 decodes the zlib-compressed JSON of an audit section and
// returns its runtime crates, root crate included, as trivy reports them.
func decodeDepV0(data []byte) ([]crate, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("audit section: %w", err)
	}
	defer zr.Close()
	js, err := io.ReadAll(io.LimitReader(zr, maxAuditJSON+1))
	if err != nil {
		return nil, fmt.Errorf("audit section: %w", err)
	}
	if len(js) > maxAuditJSON {
		return nil, fmt.Errorf("audit section inflates beyond %d bytes", maxAuditJSON)
	}
	var info auditInfo
	if err := json.Unmarshal(js, &info); err != nil {
		return nil, fmt.Errorf("audit section: decoding JSON: %w", err)
	}
	crates := make([]crate, 0, len(info.Packages))
	for _, p := range info.Packages {
		// Kinds other than runtime are skipped, as trivy does: any later
		// kind would be one more flavour of build-time use.
		if p.Kind != "" && p.Kind != "runtime" || p.Name == "" || p.Version == "" {
			continue
		}
		crates = append(crates, crate{name: p.Name, version: p.Version})
	}
	return crates, nil
}
