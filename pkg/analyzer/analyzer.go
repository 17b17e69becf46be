// Package analyzer defines how files of an image layer or a file system are
// turned into inventory, and lists the analyzers Palisade runs. Each analyzer
// names the files it needs, so a layer walk reads nothing else, and carries a
// version that is part of the layer cache key.
package analyzer

import (
	"context"
	"errors"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// MaxFileSize bounds what any analyzer is given to read; larger files are
// reported as errors rather than read.
const MaxFileSize = 256 << 20

// ErrTooLarge is returned for files above MaxFileSize.
var ErrTooLarge = errors.New("file exceeds the analysis size limit")

// Input is one file an analyzer asked for.
type Input struct {
	// Path is slash-separated and relative to the root, without a leading slash.
	Path    string
	Content []byte
}

// Result is what an analyzer found in one file.
type Result struct {
	// OS is set by OS-release analyzers; Priority breaks ties between files
	// that describe the OS (os-release outranks debian_version, and so on).
	OS       *inventory.OS       `json:"os,omitempty"`
	Priority int                 `json:"priority,omitempty"`
	Packages []inventory.Package `json:"packages,omitempty"`
	// Secrets are credentials found in the file, already masked.
	Secrets []Secret `json:"secrets,omitempty"`
}

// Secret is one credential found in a file. Match is the matched line with
// the secret itself masked: the raw value is never stored, not even in the
// layer cache.
type Secret struct {
	RuleID    string `json:"ruleID"`
	Category  string `json:"category,omitempty"`
	Title     string `json:"title"`
	Severity  string `json:"severity"`
	StartLine int    `json:"startLine"`
	EndLine   int    `json:"endLine"`
	Match     string `json:"match,omitempty"`
}

// Analyzer reads the files it requires and reports inventory.
type Analyzer interface {
	// Name is stable and short (dpkg, apk, rpm, os-release).
	Name() string
	// Version changes whenever the analyzer's output for the same input may change.
	Version() int
	// Required reports whether the file at path (relative, slash-separated) is
	// needed. It is called for every file of every layer, so it must be cheap.
	Required(path string) bool
	// Analyze parses one required file. A parse error affects only that file.
	Analyze(ctx context.Context, in Input) (*Result, error)
}
