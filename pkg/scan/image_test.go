package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/cache"
	"github.com/palisadesec/palisade/pkg/image"
	"github.com/palisadesec/palisade/pkg/image/imagetest"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

func openDemo(tb testing.TB) (*image.Image, *vulndb.DB) {
	tb.Helper()
	dir := tb.TempDir()
	img, err := imagetest.Debian12(filepath.Join("..", "..", "testdata"))
	if err != nil {
		tb.Fatal(err)
	}
	archive := filepath.Join(dir, "img.tar")
	if err := imagetest.WriteDockerArchive(archive, "demo.local/debian:12", img); err != nil {
		tb.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "vulndb", "advisories.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	if err := vulndb.BuildFixture(filepath.Join(dir, "db"), src, time.Now()); err != nil {
		tb.Fatal(err)
	}
	db, err := vulndb.Open(filepath.Join(dir, "db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	im, err := image.Open(context.Background(), "", image.WithInput(archive))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { im.Close() })
	return im, db
}

// A whiteout in a later layer removes the package database below it, and
// the cache returns exactly what a fresh analysis does.
func TestScanWhiteoutAndCache(t *testing.T) {
	im, db := openDemo(t)
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sc := scan.NewImageScanner(analyzer.Default(), scan.WithDB(db), scan.WithCache(c), scan.WithPURL(purl.For), scan.WithListAllPackages(true))
	first, err := sc.Scan(context.Background(), im)
	if err != nil {
		t.Fatal(err)
	}
	second, err := sc.Scan(context.Background(), im)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Findings) != 14 || len(second.Findings) != len(first.Findings) || len(first.Packages) != 16 {
		t.Fatalf("findings %d then %d, packages %d", len(first.Findings), len(second.Findings), len(first.Packages))
	}
	for i := range first.Findings {
		if first.Findings[i].ID != second.Findings[i].ID || first.Findings[i].Package.Layer != second.Findings[i].Package.Layer {
			t.Fatalf("cached scan differs at %d", i)
		}
	}
	if p := first.Packages[0]; p.PURL == "" {
		t.Errorf("no purl on %+v", p)
	}

	// Delete the dpkg database in a third layer: nothing is left to match.
	dir := t.TempDir()
	base, err := imagetest.Debian12(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	wl, err := imagetest.Layer{Whiteouts: []string{"var/lib/dpkg/status"}}.V1Layer()
	if err != nil {
		t.Fatal(err)
	}
	img3, err := imagetest.AppendLayers(base, wl)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "wh.tar")
	if err := imagetest.WriteDockerArchive(p, "demo.local/wh:1", img3); err != nil {
		t.Fatal(err)
	}
	im3, err := image.Open(context.Background(), "", image.WithInput(p))
	if err != nil {
		t.Fatal(err)
	}
	defer im3.Close()
	res, err := sc.Scan(context.Background(), im3)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || len(res.Packages) != 0 || res.OS == nil {
		t.Errorf("after whiteout: %d findings, %d packages, os %v", len(res.Findings), len(res.Packages), res.OS)
	}
}

func BenchmarkScanDemoImageCold(b *testing.B) {
	im, db := openDemo(b)
	sc := scan.NewImageScanner(analyzer.Default(), scan.WithDB(db))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sc.Scan(context.Background(), im); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScanDemoImageWarm(b *testing.B) {
	im, db := openDemo(b)
	c, err := cache.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	sc := scan.NewImageScanner(analyzer.Default(), scan.WithDB(db), scan.WithCache(c))
	if _, err := sc.Scan(context.Background(), im); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sc.Scan(context.Background(), im); err != nil {
			b.Fatal(err)
		}
	}
}
