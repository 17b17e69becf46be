// Command demo writes the README quick start's inputs from testdata: a
// two-layer Debian 12 image as a docker-archive and a trivy-db format
// vulnerability DB built from the fixture advisories. Nothing is downloaded.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/palisadesec/palisade/pkg/image/imagetest"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

func main() {
	out := flag.String("out", "demo", "output directory")
	testdata := flag.String("testdata", "testdata", "the repository's testdata directory")
	flag.Parse()
	if err := run(*out, *testdata); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(out, testdata string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	img, err := imagetest.Debian12(testdata)
	if err != nil {
		return err
	}
	if err := imagetest.WriteDockerArchive(filepath.Join(out, "image.tar"), "demo.local/debian:12", img); err != nil {
		return err
	}
	adv, err := os.ReadFile(filepath.Join(testdata, "vulndb", "advisories.yaml"))
	if err != nil {
		return err
	}
	dbDir := filepath.Join(out, "db")
	if err := os.RemoveAll(dbDir); err != nil {
		return err
	}
	if err := vulndb.BuildFixture(dbDir, adv, time.Now()); err != nil {
		return err
	}
	fmt.Printf("wrote %s and %s\n", filepath.Join(out, "image.tar"), dbDir)
	return nil
}
