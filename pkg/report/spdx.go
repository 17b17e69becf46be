package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	spdx "github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/palisadesec/palisade/pkg/finding"
)

// spdxWriter renders the packages of the report as an SPDX 2.3 JSON
// document. SPDX 2.3 has no place for vulnerabilities, so findings are left
// out; one root package per scanned target CONTAINS what was found in it.
type spdxWriter struct{}

func newSPDX() Writer { return spdxWriter{} }

const (
	spdxNoAssertion     = "NOASSERTION"
	spdxNamespacePrefix = "https://palisade.dev/spdx/"
)

func (spdxWriter) Write(w io.Writer, r *finding.Report) error {
	if r == nil {
		return errNilReport
	}
	doc := spdxDocument(r)
	// The namespace must be unique per document; deriving it from the
	// rest of the document makes it so without giving up reproducible
	// output.
	var buf bytes.Buffer
	if err := spdxEncode(&buf, doc); err != nil {
		return err
	}
	doc.DocumentNamespace = spdxNamespacePrefix + spdxIDSafe(doc.DocumentName) + "-" + sbomHash(buf.String())[:32]
	return spdxEncode(w, doc)
}

func spdxEncode(w io.Writer, doc *spdx.Document) error {
	if err := spdxjson.Write(doc, w, spdxjson.Indent("  "), spdxjson.EscapeHTML(false)); err != nil {
		return fmt.Errorf("writing SPDX report: %w", err)
	}
	return nil
}

func spdxDocument(r *finding.Report) *spdx.Document {
	inv := newSBOMInventory(r)
	tool := cmp.Or(r.Tool.Name, "palisade")
	if r.Tool.Version != "" {
		tool += "-" + r.Tool.Version
	}
	created := r.CreatedAt.UTC().Format(time.RFC3339)

	name := "palisade-report"
	if len(r.Results) == 1 && r.Results[0].Target != "" {
		name = r.Results[0].Target
	}
	doc := &spdx.Document{
		SPDXVersion:    spdx.Version,
		DataLicense:    spdx.DataLicense,
		SPDXIdentifier: "DOCUMENT",
		DocumentName:   name,
		CreationInfo: &spdx.CreationInfo{
			Creators: []common.Creator{{CreatorType: "Tool", Creator: tool}},
			Created:  created,
		},
	}
	rel := func(a, b common.ElementID, typ string) {
		doc.Relationships = append(doc.Relationships, &spdx.Relationship{
			RefA: common.MakeDocElementID("", string(a)), RefB: common.MakeDocElementID("", string(b)), Relationship: typ,
		})
	}

	roots := make([]common.ElementID, len(r.Results))
	for i, res := range r.Results {
		purpose := "APPLICATION"
		if res.Kind == finding.KindImage {
			purpose = "CONTAINER"
		}
		roots[i] = common.ElementID(fmt.Sprintf("Target-%d-%s", i, sbomHash(res.Target, string(res.Kind))[:16]))
		doc.Packages = append(doc.Packages, spdxPackage(roots[i], res.Target, "", purpose, nil))
		rel("DOCUMENT", roots[i], common.TypeRelationshipDescribe)
	}
	osIDs := map[*sbomOS]common.ElementID{}
	for _, o := range inv.oses {
		id := common.ElementID("OperatingSystem-" + sbomHash(o.family, o.version)[:16])
		osIDs[o] = id
		doc.Packages = append(doc.Packages, spdxPackage(id, o.family, o.version, "OPERATING_SYSTEM", nil))
	}
	for i := range r.Results {
		if o := inv.osOf[i]; o != nil {
			rel(roots[i], osIDs[o], common.TypeRelationshipContains)
		}
	}
	annotate := func(comment string) spdx.Annotation {
		return spdx.Annotation{
			Annotator:         common.Annotator{AnnotatorType: "Tool", Annotator: tool},
			AnnotationDate:    created,
			AnnotationType:    "OTHER",
			AnnotationComment: comment,
		}
	}
	pkgIDs := make([]common.ElementID, len(inv.packages))
	for j, sp := range inv.packages {
		p := sp.pkg
		pkgIDs[j] = common.ElementID("Package-" + sbomHash(sp.key)[:16])
		var anns []spdx.Annotation
		// SPDX 2.3 packages have no free-form properties; annotations are
		// the place other tools also use for them.
		for _, kv := range [][2]string{
			{sbomPropEcosystem, p.Ecosystem}, {sbomPropLayer, p.Layer}, {sbomPropPath, p.Path}, {sbomPropSrcName, p.SrcName},
		} {
			if kv[1] != "" {
				anns = append(anns, annotate(kv[0]+"="+kv[1]))
			}
		}
		pkg := spdxPackage(pkgIDs[j], p.Name, p.Version, "LIBRARY", anns)
		if p.PURL != "" {
			pkg.PackageExternalReferences = []*spdx.PackageExternalReference{{
				Category: common.CategoryPackageManager, RefType: common.TypePackageManagerPURL, Locator: p.PURL,
			}}
		}
		if p.SrcName != "" && p.SrcName != p.Name {
			pkg.PackageSourceInfo = "built package from: " + p.SrcName
		}
		doc.Packages = append(doc.Packages, pkg)
	}
	for i := range r.Results {
		for j, sp := range inv.packages {
			for _, ri := range sp.results {
				if ri == i {
					rel(roots[i], pkgIDs[j], common.TypeRelationshipContains)
				}
			}
		}
	}
	return doc
}

func spdxPackage(id common.ElementID, name, version, purpose string, anns []spdx.Annotation) *spdx.Package {
	return &spdx.Package{
		PackageName:             name,
		PackageSPDXIdentifier:   id,
		PackageVersion:          version,
		PackageDownloadLocation: spdxNoAssertion,
		FilesAnalyzed:           false,
		PackageLicenseConcluded: spdxNoAssertion,
		PackageLicenseDeclared:  spdxNoAssertion,
		PrimaryPackagePurpose:   purpose,
		Annotations:             anns,
	}
}

// spdxIDSafe keeps letters, digits, '.' and '-', the characters SPDX allows
// in identifiers and that need no escaping in a URI path.
func spdxIDSafe(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			sb.WriteRune(r)
		default:
			sb.WriteByte('-')
		}
	}
	return sb.String()
}
