// Package sbom reads software bills of materials back into the inventory a
// scan would have produced, so that a BOM made elsewhere, or by an earlier
// palisade run, can be matched against the vulnerability database without
// the artefact it describes. It reads CycloneDX (JSON and XML) and SPDX 2.x
// JSON; packages are rebuilt from their package URLs, and the palisade:*
// properties that palisade's own writers add restore what a purl cannot
// carry: the file and layer a package was found in and its source package.
package sbom

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/palisadesec/palisade/pkg/inventory"
)

// Format names the kind of document Decode read.
type Format string

// Formats Decode reads.
const (
	FormatCycloneDXJSON Format = "cyclonedx-json"
	FormatCycloneDXXML  Format = "cyclonedx-xml"
	FormatSPDXJSON      Format = "spdx-json"
)

// Limits on what Decode accepts. A BOM is untrusted input: it is read into
// memory whole, so its size is bounded, and the component count bounds the
// work done on it.
const (
	MaxSize       = 256 << 20
	MaxComponents = 500_000
)

// Errors Decode returns, to be tested with errors.Is.
var (
	ErrUnknownFormat = errors.New("not a CycloneDX or SPDX document")
	ErrTooLarge      = errors.New("SBOM too large")
)

// Document is what Decode found in a BOM.
type Document struct {
	Format Format
	// SpecVersion is the version of the format, such as "1.6" or "SPDX-2.3".
	SpecVersion string
	// Target names the artefact the BOM describes, when it says.
	Target string
	// OS is the operating system of the artefact: the BOM's
	// operating-system component, or else the distro qualifier of its OS
	// package purls. Nil when neither is present.
	OS *inventory.OS
	// Packages are in document order.
	Packages []inventory.Package
	// Skipped counts components that could not be turned into a package:
	// no purl, a purl type palisade does not scan, or no version.
	Skipped int
}

// Property names written by palisade's CycloneDX and SPDX writers.
const (
	propEcosystem = "palisade:ecosystem"
	propPath      = "palisade:path"
	propLayer     = "palisade:layer"
	propSrcName   = "palisade:srcName"
)

// trivyProps maps the property names Trivy writes to palisade's, so that
// Trivy's BOMs keep their file paths, layers and source packages too.
var trivyProps = map[string]string{
	"aquasecurity:trivy:FilePath":    propPath,
	"aquasecurity:trivy:LayerDiffID": propLayer,
	"aquasecurity:trivy:SrcName":     propSrcName,
}

// Decode reads a CycloneDX JSON or XML document or an SPDX 2.x JSON document
// of at most MaxSize bytes.
func Decode(r io.Reader) (*Document, error) {
	return decode(r, limits{size: MaxSize, components: MaxComponents})
}

// limits are parameters so that tests can reach them with small inputs.
type limits struct {
	size       int64
	components int
}

func decode(r io.Reader, lim limits) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.size+1))
	if err != nil {
		return nil, fmt.Errorf("reading SBOM: %w", err)
	}
	if int64(len(data)) > lim.size {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrTooLarge, lim.size)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("%w: empty input", ErrUnknownFormat)
	case trimmed[0] == '{' || trimmed[0] == '[':
		return decodeJSON(data, lim)
	case trimmed[0] == '<':
		if !isCycloneDXXML(data) {
			return nil, fmt.Errorf("%w: XML document is not a CycloneDX BOM", ErrUnknownFormat)
		}
		return decodeCycloneDX(data, FormatCycloneDXXML, lim)
	}
	return nil, fmt.Errorf("%w: neither JSON nor XML", ErrUnknownFormat)
}

func decodeJSON(data []byte, lim limits) (*Document, error) {
	var probe struct {
		BOMFormat   string `json:"bomFormat"`
		SPDXVersion string `json:"spdxVersion"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			return nil, fmt.Errorf("%w: JSON document is not an object", ErrUnknownFormat)
		}
		return nil, fmt.Errorf("%w: invalid JSON: %w", ErrUnknownFormat, err)
	}
	switch {
	case probe.BOMFormat == "CycloneDX":
		return decodeCycloneDX(data, FormatCycloneDXJSON, lim)
	case strings.HasPrefix(probe.SPDXVersion, "SPDX-2."):
		return decodeSPDX(data, lim)
	case probe.SPDXVersion != "":
		return nil, fmt.Errorf("%w: unsupported SPDX version %q (want SPDX-2.x JSON)", ErrUnknownFormat, probe.SPDXVersion)
	case probe.BOMFormat != "":
		return nil, fmt.Errorf("%w: unknown bomFormat %q", ErrUnknownFormat, probe.BOMFormat)
	}
	return nil, fmt.Errorf("%w: JSON has neither bomFormat nor spdxVersion", ErrUnknownFormat)
}

// isCycloneDXXML looks at the root element only, so that other XML is
// turned away before it is decoded.
func isCycloneDXXML(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "bom" && strings.HasPrefix(se.Name.Space, "http://cyclonedx.org/schema/bom/")
		}
	}
}

// props holds the palisade:* properties of a component.
type props map[string]string

func (p props) set(name, value string) {
	if mapped, ok := trivyProps[name]; ok {
		name = mapped
	}
	if strings.HasPrefix(name, "palisade:") && value != "" {
		if _, dup := p[name]; !dup {
			p[name] = value
		}
	}
}

// builder collects packages and the OS as the format decoders find them.
type builder struct {
	doc      *Document
	purlOS   *inventory.OS
	explicit bool
}

func newBuilder(f Format, version string) *builder {
	return &builder{doc: &Document{Format: f, SpecVersion: version}}
}

// setOS records an operating system named by the BOM itself; the first wins.
func (b *builder) setOS(name, version string) {
	if b.explicit || name == "" {
		return
	}
	b.explicit = true
	b.doc.OS = &inventory.OS{Family: normalizeFamily(name), Version: version}
}

// add turns one component into a package, or counts it as skipped.
func (b *builder) add(name, version, purl string, p props) {
	var (
		pkg    inventory.Package
		distro *inventory.OS
		err    error
	)
	switch {
	case purl != "":
		pkg, distro, err = parsePURL(purl)
	case p[propEcosystem] != "":
		pkg, err = build(p[propEcosystem], name, version, nil)
	default:
		err = errors.New("no purl")
	}
	if err != nil {
		b.doc.Skipped++
		return
	}
	if p[propPath] != "" {
		pkg.Path = p[propPath]
	}
	if p[propLayer] != "" {
		pkg.Layer = p[propLayer]
	}
	if src := p[propSrcName]; src != "" {
		pkg.SrcName = src
	}
	if distro != nil && b.purlOS == nil {
		b.purlOS = distro
	}
	b.doc.Packages = append(b.doc.Packages, pkg)
}

func (b *builder) finish() *Document {
	if b.doc.OS == nil && b.purlOS != nil {
		b.doc.OS = b.purlOS
	}
	return b.doc
}

// familyAliases maps os-release IDs, which other tools put in BOMs, to the
// family names of palisade's OS detection and vulnerability database.
var familyAliases = map[string]string{
	"rhel":      "redhat",
	"almalinux": "alma",
	"ol":        "oracle",
	"amzn":      "amazon",
	"mariner":   "cbl-mariner",
	"opensuse":  "opensuse-leap",
	"sles_sap":  "sles",
}

func normalizeFamily(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if f, ok := familyAliases[s]; ok {
		return f
	}
	return s
}
