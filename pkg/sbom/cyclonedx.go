package sbom

import (
	"bytes"
	"fmt"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

func decodeCycloneDX(data []byte, f Format, lim limits) (*Document, error) {
	format := cdx.BOMFileFormatJSON
	if f == FormatCycloneDXXML {
		format = cdx.BOMFileFormatXML
	}
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), format).Decode(&bom); err != nil {
		return nil, fmt.Errorf("decoding CycloneDX BOM: %w", err)
	}
	b := newBuilder(f, bom.SpecVersion.String())

	// Components nest; walk them with an explicit stack so that a deeply
	// nested BOM cannot exhaust the goroutine stack, and count them as we go.
	var stack []*cdx.Component
	push := func(cs *[]cdx.Component) {
		if cs == nil {
			return
		}
		for i := len(*cs) - 1; i >= 0; i-- {
			stack = append(stack, &(*cs)[i])
		}
	}
	if md := bom.Metadata; md != nil && md.Component != nil {
		b.doc.Target = md.Component.Name
		// The described artefact is not one of its own packages, but an
		// operating system may be named there or nested under it.
		if md.Component.Type == cdx.ComponentTypeOS {
			b.setOS(md.Component.Name, md.Component.Version)
		}
		push(md.Component.Components)
	}
	push(bom.Components)
	n := 0
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n++; n > lim.components {
			return nil, fmt.Errorf("%w: more than %d components", ErrTooLarge, lim.components)
		}
		push(c.Components)
		if c.Type == cdx.ComponentTypeOS {
			b.setOS(c.Name, c.Version)
			continue
		}
		p := props{}
		if c.Properties != nil {
			for _, pr := range *c.Properties {
				p.set(pr.Name, pr.Value)
			}
		}
		b.add(c.Name, c.Version, c.PackageURL, p)
	}
	return b.finish(), nil
}
