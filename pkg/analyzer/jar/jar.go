// Package jar reports the Maven artifacts in Java archives (jar, war, ear
// and par files, and the archives nested in them such as WEB-INF/lib and
// BOOT-INF/lib jars), identified offline from what the archives themselves
// record: the pom.properties files Maven writes under META-INF/maven, then
// the MANIFEST.MF attributes, then the archive's file name. Archives are
// hostile input, so the bytes decompressed, the entries listed and the
// nesting followed are all bounded per top-level file.
package jar

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// ErrLimit is returned when an archive needs more work than the limits
// allow: more bytes decompressed or more entries listed than any real
// application archive has, the mark of a zip bomb.
var ErrLimit = errors.New("archive exceeds the analysis limits")

// limits bound the work done for one top-level archive.
type limits struct {
	// depth is how many levels of archives inside the top-level one are
	// opened; archives nested deeper are ignored.
	depth int
	// totalBytes bounds the bytes decompressed (or, for stored nested
	// archives, sliced) from all entries of all archives.
	totalBytes int64
	// nestedSize bounds one nested archive; larger ones are an error.
	nestedSize int64
	// entries bounds one archive's central directory, checked before it is
	// parsed, and totalEntries all archives' together.
	entries, totalEntries int
}

// defaultLimits are generous for real archives: large Spring Boot or
// Jenkins applications decompress to a few hundred MiB with some 100,000
// entries, and nesting deeper than an ear's war's lib jars has no
// standard use.
var defaultLimits = limits{
	depth:        3,
	totalBytes:   512 << 20,
	nestedSize:   128 << 20,
	entries:      1 << 19,
	totalEntries: 1 << 20,
}

const (
	// maxPomProperties bounds a pom.properties; Maven's are a few hundred bytes.
	maxPomProperties = 64 << 10
	// maxManifest bounds how much of a MANIFEST.MF is read; a longer one
	// is cut rather than refused. OSGi manifests list every exported
	// package and can reach megabytes, but the main section, the only one
	// read, comes first.
	maxManifest = 4 << 20
)

// centralDirSig starts every central directory record; counting it bounds
// how many records the zip reader could allocate for.
var centralDirSig = []byte("PK\x01\x02")

// Analyzer reads Java archives.
type Analyzer struct {
	lim limits
}

// New returns the Java archive analyzer.
func New() *Analyzer { return &Analyzer{lim: defaultLimits} }

// Name is the analyzer's stable name.
func (*Analyzer) Name() string { return "jar" }

// Version changes whenever Parse may return something different for the same file.
func (*Analyzer) Version() int { return 1 }

// Required reports whether path names a Java archive by its extension, as
// trivy selects them.
func (*Analyzer) Required(path string) bool { return isArchiveName(path) }

// Parse returns the Maven artifacts in the archive content, read from path,
// and in the archives nested in it.
//
// Each package's Path is the archive it was found in: path itself, or for a
// nested archive path followed by the entry's name, level by level, as in
// "app/app.war/WEB-INF/lib/log4j-core-2.14.1.jar". Dependencies shaded into
// an archive, known only from their pom.properties, carry that archive's
// path.
//
// A top-level file that is not a readable zip archive is an error; a nested
// entry named like an archive that is not one is skipped, as are archives
// nested more than three levels deep. Exceeding a limit is ErrLimit.
func (a *Analyzer) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	w := &walker{ctx: ctx, lim: a.lim, bytesLeft: a.lim.totalBytes, entriesLeft: a.lim.totalEntries}
	if err := w.archive(path, content, 0); err != nil {
		return nil, err
	}
	return w.pkgs, nil
}

type walker struct {
	ctx         context.Context
	lim         limits
	bytesLeft   int64
	entriesLeft int
	pkgs        []inventory.Package
	seen        map[inventory.Package]struct{}
}

// coords are Maven coordinates; GroupID is empty when only the file name
// identified the archive.
type coords struct{ GroupID, ArtifactID, Version string }

func (c coords) name() string {
	if c.GroupID == "" {
		return c.ArtifactID
	}
	return c.GroupID + ":" + c.ArtifactID
}

// archive reports the artifacts of one archive and then of the archives in
// it; depth is 0 for the top-level file.
func (w *walker) archive(archivePath string, data []byte, depth int) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if n := bytes.Count(data, centralDirSig); n > w.lim.entries || n > w.entriesLeft {
		return fmt.Errorf("%w: %d central directory records", ErrLimit, n)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	// Names escaping the archive are only labels here: nothing is written.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Errorf("reading zip: %w", err)
	}
	w.entriesLeft -= len(zr.File)

	var (
		poms     []coords
		manifest *manifest
		nested   []*zip.File
	)
	for i, f := range zr.File {
		if i%4096 == 4095 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		name := f.Name
		switch {
		case strings.HasSuffix(name, "/"):
		case isPomProperties(name):
			b, err := w.read(f, data, maxPomProperties, false)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if c, ok := parsePomProperties(b); ok {
				poms = append(poms, c)
			}
		case strings.EqualFold(name, "META-INF/MANIFEST.MF") && manifest == nil:
			b, err := w.read(f, data, maxManifest, true)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			manifest = parseManifest(b)
		case isArchiveName(name):
			nested = append(nested, f)
		}
	}

	for _, c := range poms {
		w.add(c, archivePath)
	}
	if !describesSelf(poms, archivePath) {
		if c, ok := manifest.coords(); ok {
			w.add(c, archivePath)
		} else if c, ok := fileNameCoords(archivePath); ok {
			w.add(c, archivePath)
		}
	}

	if depth >= w.lim.depth {
		return nil
	}
	for _, f := range nested {
		b, err := w.read(f, data, w.lim.nestedSize, false)
		if err == nil {
			err = w.archive(archivePath+"/"+entryPath(f.Name), b, depth+1)
		}
		// A nested entry that is not a readable archive is not what the
		// file is; the scan of the rest goes on. Limits and cancellation
		// are about the whole file.
		if err != nil && (errors.Is(err, ErrLimit) || w.ctx.Err() != nil) {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return nil
}

func (w *walker) add(c coords, archivePath string) {
	p := inventory.Package{Name: c.name(), Version: c.Version, Ecosystem: inventory.EcosystemMaven, Path: archivePath}
	// Shaded jars can repeat a pom.properties, and an archive can list an
	// entry more than once.
	if _, dup := w.seen[p]; dup {
		return
	}
	if w.seen == nil {
		w.seen = map[inventory.Package]struct{}{}
	}
	w.seen[p] = struct{}{}
	w.pkgs = append(w.pkgs, p)
}

// read returns the decompressed content of f, which must not exceed max
// bytes unless prefix is set, in which case only its first max bytes are
// read. The bytes are charged to the walk's budget before they are read,
// by the size the archive declares; the zip reader fails entries whose
// data is longer than declared.
func (w *walker) read(f *zip.File, data []byte, max int64, prefix bool) ([]byte, error) {
	size := f.UncompressedSize64
	if size > uint64(max) {
		if !prefix {
			return nil, fmt.Errorf("%w: entry of %d bytes", ErrLimit, size)
		}
		size = uint64(max)
	}
	if int64(size) > w.bytesLeft {
		return nil, fmt.Errorf("%w: more than %d bytes decompressed", ErrLimit, w.lim.totalBytes)
	}
	w.bytesLeft -= int64(size)

	// Spring Boot stores its nested jars uncompressed; they are read in
	// place rather than copied.
	if f.Method == zip.Store && f.CompressedSize64 == f.UncompressedSize64 && !prefix {
		if off, err := f.DataOffset(); err == nil && off >= 0 && uint64(off) <= uint64(len(data)) && size <= uint64(len(data))-uint64(off) {
			return data[off : uint64(off)+size : uint64(off)+size], nil
		}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, size)
	if _, err := io.ReadFull(rc, buf); err != nil {
		return nil, err
	}
	if !prefix || size == f.UncompressedSize64 {
		// Reading to the end makes the zip reader check the CRC.
		if _, err := rc.Read(make([]byte, 1)); err != io.EOF {
			if err == nil {
				err = zip.ErrFormat
			}
			return nil, err
		}
	}
	return buf, nil
}

// isArchiveName reports whether name ends in a Java archive extension
// after a non-empty stem.
func isArchiveName(name string) bool {
	if len(name) < 5 || name[len(name)-4] != '.' || name[len(name)-5] == '/' {
		return false
	}
	ext := name[len(name)-3:]
	for _, e := range []string{"jar", "war", "ear", "par"} {
		if strings.EqualFold(ext, e) {
			return true
		}
	}
	return false
}

// isPomProperties reports whether name is a pom.properties Maven wrote,
// META-INF/maven/<groupId>/<artifactId>/pom.properties; shading keeps the
// dependencies' copies at their own such paths.
func isPomProperties(name string) bool {
	rest, ok := strings.CutPrefix(name, "META-INF/maven/")
	return ok && strings.HasSuffix(rest, "/pom.properties")
}

// entryPath makes a zip entry name a clean relative path for use in a
// package's Path; it is a label, never opened.
func entryPath(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// parsePomProperties reads the coordinates from a pom.properties. Maven
// writes plain "key=value" lines; the Java properties syntax's other
// separators (':' and blanks) and comments are accepted too, escapes and
// continuation lines are not, as Maven never writes them for coordinates.
func parsePomProperties(b []byte) (coords, bool) {
	var c coords
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, maxPomProperties+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		i := strings.IndexAny(line, "=: \t")
		if i < 0 {
			continue
		}
		key := line[:i]
		value := strings.TrimLeft(line[i:], " \t")
		if value != "" && (value[0] == '=' || value[0] == ':') {
			value = strings.TrimLeft(value[1:], " \t")
		}
		switch key {
		case "groupId":
			c.GroupID = value
		case "artifactId":
			c.ArtifactID = value
		case "version":
			c.Version = value
		}
	}
	return c, validCoord(c.GroupID) && validCoord(c.ArtifactID) && validCoord(c.Version)
}

// validCoord reports whether s can be a Maven coordinate: non-empty, with
// no blanks, control characters or the ':' that separates coordinates.
// Human-readable manifest titles ("Apache Log4j Core") fail, as do
// unresolved "${...}" placeholders.
func validCoord(s string) bool {
	return s != "" && len(s) <= 256 && !strings.ContainsFunc(s, func(r rune) bool {
		return r <= ' ' || r == 0x7f || r == ':' || r == '/' || r == '\\' || r == '$' || r == '{' || r == '}'
	})
}

// describesSelf reports whether one of the pom.properties found in the
// archive at archivePath is the archive's own, so the manifest and file
// name need not be consulted: one whose artifactId is the file name's stem
// or starts it followed by '-' ("log4j-core" for log4j-core-2.14.1.jar), or
// any at all when the stem carries no version (app.jar, renamed by its
// build). Otherwise they describe dependencies shaded into the archive.
// Trivy instead requires artifactId and version to equal those parsed from
// the file name, and so also consults the manifest of archives whose file
// name carries a snapshot timestamp or was renamed.
func describesSelf(poms []coords, archivePath string) bool {
	if len(poms) == 0 {
		return false
	}
	stem := stem(archivePath)
	if _, ok := fileNameCoords(archivePath); !ok {
		return true
	}
	for _, c := range poms {
		if stem == c.ArtifactID || strings.HasPrefix(stem, c.ArtifactID+"-") {
			return true
		}
	}
	return false
}

func stem(archivePath string) string {
	base := path.Base(archivePath)
	return base[:len(base)-min(len(base), 4)]
}

// fileNameCoords splits an archive's file name into artifactId and version
// the way trivy's pattern does: at the last '-' followed by a digit, so
// log4j-1.2-api-2.17.1.jar is log4j-1.2-api 2.17.1. The artifactId must be
// made of letters, digits, '.', '_' and '-'. No groupId can be known from a
// name (trivy asks Maven Central, which an offline scanner cannot), so the
// package is named by its artifactId alone.
func fileNameCoords(archivePath string) (coords, bool) {
	if !isArchiveName(archivePath) {
		return coords{}, false
	}
	s := stem(archivePath)
	for i := len(s) - 2; i > 0; i-- {
		if s[i] != '-' || s[i+1] < '0' || s[i+1] > '9' {
			continue
		}
		artifact, version := s[:i], s[i+1:]
		if strings.ContainsFunc(artifact, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
		}) || artifact[len(artifact)-1] == '-' || !validCoord(version) {
			return coords{}, false
		}
		return coords{ArtifactID: artifact, Version: version}, true
	}
	return coords{}, false
}
