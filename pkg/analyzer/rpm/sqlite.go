package rpm

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"

	// The pure-Go SQLite driver, registered as "sqlite"; it needs no cgo.
	_ "modernc.org/sqlite"
)

var sqliteMagic = []byte("SQLite format 3\x00")

var errSQLite = errors.New("invalid rpm sqlite database")

func isSQLite(content []byte) bool { return bytes.HasPrefix(content, sqliteMagic) }

// sqliteDSN opens the database read-only and, following SQLite's advice for
// files from untrusted sources (https://www.sqlite.org/security.html), as
// immutable (no locks taken, no journal or WAL files created), in defensive
// mode, with SQL in the schema limited to side-effect-free functions, cell
// sizes checked and no memory mapping.
func sqliteDSN(path string) string {
	u := url.URL{Scheme: "file", Path: path}
	return u.String() + "?mode=ro&immutable=1&_defensive=1&_query_only=1" +
		"&_pragma=trusted_schema(0)&_pragma=cell_size_check(1)&_pragma=mmap_size(0)"
}

// readSQLite calls fn with every package header of an rpmdb.sqlite. SQLite
// can only open files, so the content is written to a temporary file that is
// removed afterwards.
func readSQLite(ctx context.Context, content []byte, fn func([]byte) error) (err error) {
	f, err := os.CreateTemp("", "palisade-rpmdb-*.sqlite")
	if err != nil {
		return fmt.Errorf("temporary copy: %w", err)
	}
	defer func() {
		if rmErr := os.Remove(f.Name()); rmErr != nil && err == nil {
			err = fmt.Errorf("removing temporary copy: %w", rmErr)
		}
	}()
	if _, err := f.Write(content); err != nil {
		_ = f.Close()
		return fmt.Errorf("temporary copy: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("temporary copy: %w", err)
	}

	db, err := sql.Open("sqlite", sqliteDSN(f.Name()))
	if err != nil {
		return fmt.Errorf("%w: %w", errSQLite, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	if err := checkSchema(ctx, db); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, "SELECT blob FROM Packages")
	if err != nil {
		return fmt.Errorf("%w: %w", errSQLite, err)
	}
	defer rows.Close()
	for rows.Next() {
		var blob sql.RawBytes
		if err := rows.Scan(&blob); err != nil {
			return fmt.Errorf("%w: %w", errSQLite, err)
		}
		if err := fn(blob); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %w", errSQLite, err)
	}
	return nil
}

// checkSchema makes sure reading Packages reads stored data only. A hostile
// file could define Packages as a view or give it computed columns, and
// selecting from it would then run arbitrary (and arbitrarily slow) SQL.
func checkSchema(ctx context.Context, db *sql.DB) error {
	// Names are case-insensitive in SQLite, so match them the same way.
	var typ, ddl sql.NullString
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*), max(type), max(sql) FROM sqlite_schema WHERE name = 'Packages' COLLATE NOCASE").Scan(&n, &typ, &ddl)
	if err != nil {
		return fmt.Errorf("%w: %w", errSQLite, err)
	}
	if n == 0 {
		return fmt.Errorf("%w: no Packages table", errSQLite)
	}
	if n != 1 || typ.String != "table" || !hasPrefixFold(ddl.String, "CREATE TABLE") {
		return fmt.Errorf("%w: Packages is not a plain table", errSQLite)
	}
	var computed int
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM pragma_table_xinfo('Packages') WHERE hidden != 0").Scan(&computed)
	if err != nil {
		return fmt.Errorf("%w: %w", errSQLite, err)
	}
	if computed != 0 {
		return fmt.Errorf("%w: Packages has computed columns", errSQLite)
	}
	return nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && bytes.EqualFold([]byte(s[:len(prefix)]), []byte(prefix))
}
