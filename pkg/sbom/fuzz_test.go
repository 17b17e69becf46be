package sbom

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to Decode: it must return an error or a
// document whose packages are usable, and never panic.
func FuzzDecode(f *testing.F) {
	for _, dir := range []string{filepath.Join("..", "..", "testdata", "sbom"), filepath.Join("..", "..", "testdata", "report", "golden")} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && len(b) < 1<<20 {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		"", "{}", "<bom/>", `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","purl":"pkg:deb/debian/x@1:2-3?epoch=4"}]}`,
		`{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","name":"a","versionInfo":"1","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:rpm/x/y@1-2?upstream=y-1-2.src.rpm"}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := decode(bytes.NewReader(data), limits{size: 1 << 20, components: 1000})
		if err != nil {
			return
		}
		for _, p := range doc.Packages {
			if p.Name == "" || p.Version == "" || p.Ecosystem == "" {
				t.Fatalf("unusable package %+v", p)
			}
			if p.Epoch < 0 || p.SrcEpoch < 0 {
				t.Fatalf("negative epoch %+v", p)
			}
		}
	})
}
