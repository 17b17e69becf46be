package rpm

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/palisadesec/palisade/pkg/analyzer/rpm/internal/rpmdb"
)

// buildSQLite writes blobs into a Packages table as rpm's sqlite backend
// does, or into the given schema.
func buildSQLite(t testing.TB, blobs [][]byte, schema string) []byte {
	t.Helper()
	if schema == "" {
		schema = "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)"
	}
	p := filepath.Join(t.TempDir(), "rpmdb.sqlite")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The smallest page size keeps fuzz seeds small.
	if _, err := db.Exec("PRAGMA page_size = 512"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(schema); err != nil {
		t.Fatal(err)
	}
	for _, b := range blobs {
		if _, err := db.Exec("INSERT INTO Packages (blob) VALUES (?)", b); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ndbBlobs returns the header blobs of the ndb fixture.
func ndbBlobs(t testing.TB) [][]byte {
	t.Helper()
	var blobs [][]byte
	err := rpmdb.ReadNDB(context.Background(), readFixture(t, ndbFixture), func(b []byte) error {
		blobs = append(blobs, bytes.Clone(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return blobs
}
