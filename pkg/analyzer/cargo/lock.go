package cargo

import (
	"bytes"
	"fmt"

	"github.com/BurntSushi/toml"
)

// maxLockSize bounds the Cargo.lock files decoded. The largest workspaces'
// lock files are some hundreds of KiB; decoding TOML allocates tens of
// times the input, and its time grows with adversarial shapes, so the
// bound is kept well below MaxFileSize.
const maxLockSize = 4 << 20

// lockFile is the part of a Cargo.lock read here. All lock file versions
// (1 to 4) list crates as [[package]] tables with name and version; they
// differ in how dependencies and checksums are written, which is not used.
type lockFile struct {
	Packages []struct {
		Name    string `toml:"name"`
		Version string `toml:"version"`
	} `toml:"package"`
}

// parseLock returns every crate a Cargo.lock lists, including the
// workspace's own crates (those without a source), as trivy does.
func parseLock(content []byte) ([]crate, error) {
	if len(content) > maxLockSize {
		return nil, fmt.Errorf("Cargo.lock of %d bytes exceeds %d", len(content), maxLockSize)
	}
	if err := checkShape(content); err != nil {
		return nil, err
	}
	var lf lockFile
	if err := toml.Unmarshal(content, &lf); err != nil {
		return nil, fmt.Errorf("decoding Cargo.lock: %w", err)
	}
	crates := make([]crate, 0, len(lf.Packages))
	for _, p := range lf.Packages {
		if p.Name == "" || p.Version == "" {
			continue
		}
		crates = append(crates, crate{name: p.Name, version: p.Version})
	}
	return crates, nil
}

const (
	// maxNesting bounds how deeply arrays and tables nest; a Cargo.lock
	// needs two levels ("[[package]]", then a dependencies array).
	maxNesting = 8
	// maxDots bounds the dots outside strings on one line, and so the
	// components of dotted keys and table names; a Cargo.lock has at most
	// one ("[[patch.unused]]").
	maxDots = 2
)

// checkShape rejects input nested or dotted beyond any Cargo.lock before
// the TOML decoder sees it. The decoder recurses once per nesting level, so
// deep nesting overflows the goroutine stack, which is fatal rather than a
// recoverable panic; and its time and memory grow steeply with many keys
// under multi-component dotted names (8 MiB of "a.a.a.a.a.a.a.a.xN = 1"
// lines takes over 20 s and 2 GiB). Brackets and dots in strings and
// comments are skipped; the count over-estimates what the decoder builds,
// which is all a bound needs.
func checkShape(b []byte) error {
	depth, dots := 0, 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '\n':
			dots = 0
		case '#':
			if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				return nil
			}
		case '"', '\'':
			end := stringEnd(b, i)
			if end < 0 {
				// Unterminated: the decoder reports it.
				return nil
			}
			i = end
		case '[', '{':
			if depth++; depth > maxNesting {
				return fmt.Errorf("not a Cargo.lock: nested more than %d levels", maxNesting)
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '.':
			if dots++; dots > maxDots {
				return fmt.Errorf("not a Cargo.lock: more than %d dotted key components", maxDots)
			}
		}
	}
	return nil
}

// stringEnd returns the index of the last byte of the TOML string starting
// at b[i], or -1 if it does not end. Basic strings (") honour backslash
// escapes, literal strings (') do not; tripled quotes start multi-line
// strings.
func stringEnd(b []byte, i int) int {
	q := b[i]
	escapes := q == '"'
	if bytes.HasPrefix(b[i:], []byte{q, q, q}) {
		for j := i + 3; j+2 < len(b); j++ {
			switch {
			case escapes && b[j] == '\\':
				j++
			case b[j] == q && b[j+1] == q && b[j+2] == q:
				return j + 2
			}
		}
		return -1
	}
	for j := i + 1; j < len(b); j++ {
		switch {
		case escapes && b[j] == '\\':
			j++
		case b[j] == q:
			return j
		case b[j] == '\n':
			return -1
		}
	}
	return -1
}
