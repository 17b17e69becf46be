package jar

import (
	"bytes"
	"slices"
	"strings"
)

// manifest holds the main-section attributes of a MANIFEST.MF that can
// name the archive's artifact, keyed by lower-cased attribute name.
type manifest struct {
	attrs map[string]string
}

var manifestAttrs = []string{
	"implementation-title",
	"implementation-version",
	"implementation-vendor",
	"implementation-vendor-id",
	"specification-title",
	"specification-version",
	"specification-vendor",
	"bundle-name",
	"bundle-version",
	"bundle-symbolicname",
}

// parseManifest reads the main section of a manifest, which describes the
// archive itself; the per-entry sections after the first blank line
// describe packages inside it. Lines end in CRLF, LF or a lone CR, and a
// line starting with a space continues the previous one, as
// java.util.jar.Manifest reads them. Attribute names are case-insensitive.
func parseManifest(b []byte) *manifest {
	m := &manifest{attrs: map[string]string{}}
	var attr []byte
	flush := func() {
		name, value, ok := bytes.Cut(attr, []byte(":"))
		attr = attr[:0]
		if !ok {
			return
		}
		key := strings.ToLower(string(bytes.TrimSpace(name)))
		if !slices.Contains(manifestAttrs, key) {
			return
		}
		if _, seen := m.attrs[key]; !seen {
			m.attrs[key] = strings.TrimSpace(string(value))
		}
	}
	for len(b) > 0 {
		i := bytes.IndexAny(b, "\r\n")
		line := b
		if i >= 0 {
			line = b[:i]
			if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			b = b[i+1:]
		} else {
			b = nil
		}
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' {
			attr = append(attr, line[1:]...)
			continue
		}
		flush()
		attr = append(attr, line...)
	}
	flush()
	return m
}

// coords derives coordinates from the manifest, taking for each the first
// attribute that holds a plausible coordinate, in trivy's order:
//
//	groupId:    Implementation-Vendor-Id, Bundle-SymbolicName up to its
//	            last '.', Implementation-Vendor, Specification-Vendor
//	artifactId: Implementation-Title, Specification-Title, Bundle-Name
//	version:    Implementation-Version, Specification-Version, Bundle-Version
//
// Trivy takes the first attribute present even when it holds prose such as
// "Apache Log4j Core", which no advisory is keyed by; such values are
// passed over here, and when none is plausible the manifest names nothing.
// Values starting with '%' are unresolved bundle localisation keys.
func (m *manifest) coords() (coords, bool) {
	if m == nil {
		return coords{}, false
	}
	pick := func(keys ...string) string {
		for _, k := range keys {
			v := m.attrs[k]
			if k == "bundle-symbolicname" {
				// Directives follow the name: "org.x.y;singleton:=true".
				v, _, _ = strings.Cut(v, ";")
				v = strings.TrimSpace(v)
				if i := strings.LastIndexByte(v, '.'); i > 0 {
					v = v[:i]
				}
			}
			if !strings.HasPrefix(v, "%") && validCoord(v) {
				return v
			}
		}
		return ""
	}
	c := coords{
		GroupID:    pick("implementation-vendor-id", "bundle-symbolicname", "implementation-vendor", "specification-vendor"),
		ArtifactID: pick("implementation-title", "specification-title", "bundle-name"),
		Version:    pick("implementation-version", "specification-version", "bundle-version"),
	}
	return c, c.GroupID != "" && c.ArtifactID != "" && c.Version != ""
}
