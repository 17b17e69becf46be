package analyzer

import (
	"context"
	"fmt"

	"github.com/palisadesec/palisade/pkg/analyzer/apk"
	"github.com/palisadesec/palisade/pkg/analyzer/cargo"
	"github.com/palisadesec/palisade/pkg/analyzer/dotnet"
	"github.com/palisadesec/palisade/pkg/analyzer/dpkg"
	"github.com/palisadesec/palisade/pkg/analyzer/gobinary"
	"github.com/palisadesec/palisade/pkg/analyzer/jar"
	"github.com/palisadesec/palisade/pkg/analyzer/npm"
	"github.com/palisadesec/palisade/pkg/analyzer/osrelease"
	"github.com/palisadesec/palisade/pkg/analyzer/php"
	"github.com/palisadesec/palisade/pkg/analyzer/python"
	"github.com/palisadesec/palisade/pkg/analyzer/rpm"
	"github.com/palisadesec/palisade/pkg/analyzer/ruby"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// Default returns the analyzers of an image or root file system scan: the OS
// release files, the dpkg, apk and rpm package databases, and installed
// language packages (installed metadata, not lock files, as users expect of
// an image).
//
// The analyzers live in sub-packages that cannot import this one (this one
// imports them), so they speak in inventory types and are adapted to
// Analyzer here.
func Default() []Analyzer {
	return []Analyzer{
		osAnalyzer{osrelease.New()},
		packageAnalyzer{dpkg.New()},
		packageAnalyzer{apk.New()},
		packageAnalyzer{rpm.New()},
		// Installed language packages, preferred over lock files in images.
		packageAnalyzer{gobinary.New()},
		packageAnalyzer{cargo.New()},
		packageAnalyzer{jar.New()},
		packageAnalyzer{npm.NewPackageJSON()},
		packageAnalyzer{python.NewInstalled()},
		packageAnalyzer{ruby.NewGemspec()},
		packageAnalyzer{php.NewInstalledJSON()},
		packageAnalyzer{dotnet.NewDepsJSON()},
	}
}

// Filesystem returns the analyzers of a source-tree scan: lock files and
// binaries, which describe what a checkout will install.
func Filesystem() []Analyzer {
	return []Analyzer{
		packageAnalyzer{gobinary.New()},
		packageAnalyzer{cargo.New()},
		packageAnalyzer{jar.New()},
		packageAnalyzer{npm.NewLock()},
		packageAnalyzer{python.NewLock()},
		packageAnalyzer{ruby.NewGemfileLock()},
		packageAnalyzer{php.NewComposerLock()},
		packageAnalyzer{dotnet.NewDepsJSON()},
		packageAnalyzer{dotnet.NewPackagesLock()},
		packageAnalyzer{dotnet.NewPackagesConfig()},
	}
}

// described is what every analyzer sub-package provides.
type described interface {
	Name() string
	Version() int
	Required(path string) bool
}

// packageParser reads one package database file.
type packageParser interface {
	described
	Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error)
}

// osDetector reads one release file; a nil OS means the file names none.
type osDetector interface {
	described
	Detect(path string, content []byte) (*inventory.OS, int)
}

type packageAnalyzer struct{ packageParser }

// Analyze always returns a Result for a database it could read, even an
// empty one: the file then still replaces the same file of a lower layer
// when the layers are merged.
func (a packageAnalyzer) Analyze(ctx context.Context, in Input) (*Result, error) {
	if len(in.Content) > MaxFileSize {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(in.Content))
	}
	pkgs, err := a.Parse(ctx, in.Path, in.Content)
	if err != nil {
		return nil, err
	}
	return &Result{Packages: pkgs}, nil
}

type osAnalyzer struct{ osDetector }

func (a osAnalyzer) Analyze(_ context.Context, in Input) (*Result, error) {
	if len(in.Content) > MaxFileSize {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(in.Content))
	}
	detected, priority := a.Detect(in.Path, in.Content)
	if detected == nil {
		return nil, nil
	}
	return &Result{OS: detected, Priority: priority}, nil
}
