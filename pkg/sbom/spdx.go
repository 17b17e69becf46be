package sbom

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The SPDX fields Decode reads. Only these are decoded: a BOM from another
// tool that gets an unrelated field wrong (a malformed creator or checksum)
// is still readable.
type spdxDoc struct {
	SPDXVersion   string         `json:"spdxVersion"`
	Name          string         `json:"name"`
	Describes     []string       `json:"documentDescribes"`
	Packages      []spdxPackage  `json:"packages"`
	Relationships []spdxRelation `json:"relationships"`
}

type spdxPackage struct {
	SPDXID       string `json:"SPDXID"`
	Name         string `json:"name"`
	Version      string `json:"versionInfo"`
	Purpose      string `json:"primaryPackagePurpose"`
	ExternalRefs []struct {
		Category string `json:"referenceCategory"`
		Type     string `json:"referenceType"`
		Locator  string `json:"referenceLocator"`
	} `json:"externalRefs"`
	Annotations []struct {
		Comment string `json:"comment"`
	} `json:"annotations"`
}

type spdxRelation struct {
	Element string `json:"spdxElementId"`
	Related string `json:"relatedSpdxElement"`
	Type    string `json:"relationshipType"`
}

func decodeSPDX(data []byte, lim limits) (*Document, error) {
	var doc spdxDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("decoding SPDX document: %w", err)
	}
	if len(doc.Packages) > lim.components {
		return nil, fmt.Errorf("%w: more than %d packages", ErrTooLarge, lim.components)
	}
	b := newBuilder(FormatSPDXJSON, doc.SPDXVersion)

	described := map[string]bool{}
	for _, id := range doc.Describes {
		described[id] = true
	}
	for _, r := range doc.Relationships {
		switch r.Type {
		case "DESCRIBES":
			if r.Element == "SPDXRef-DOCUMENT" {
				described[r.Related] = true
			}
		case "DESCRIBED_BY":
			if r.Related == "SPDXRef-DOCUMENT" {
				described[r.Element] = true
			}
		}
	}
	for _, p := range doc.Packages {
		if described[p.SPDXID] {
			if b.doc.Target == "" {
				b.doc.Target = p.Name
			}
			continue
		}
		if p.Purpose == "OPERATING_SYSTEM" {
			b.setOS(p.Name, p.Version)
			continue
		}
		var purl string
		for _, ref := range p.ExternalRefs {
			// SPDX 2.2 spelled the category with an underscore.
			cat := strings.ReplaceAll(ref.Category, "_", "-")
			if cat == "PACKAGE-MANAGER" && ref.Type == "purl" {
				purl = ref.Locator
				break
			}
		}
		pr := props{}
		for _, a := range p.Annotations {
			if k, v, ok := strings.Cut(a.Comment, "="); ok {
				pr.set(k, v)
			}
		}
		b.add(p.Name, p.Version, purl, pr)
	}
	return b.finish(), nil
}
