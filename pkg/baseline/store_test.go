package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// populate gives b models in every state.
func populate(t testing.TB, b *Baseline) {
	t.Helper()
	active := Key{"prod", "shop", "registry.example/web", ""}
	trial := Key{"prod", "shop", "registry.example/api", "sha256:" + strings.Repeat("ab", 32)}
	learning := Key{"dev", "shop", "registry.example/web", ""}
	for _, k := range []Key{active, trial, learning} {
		b.Observe(k, behA, t0)
		b.Observe(k, behD, t0)
		for i := 1; i <= 4; i++ {
			b.Observe(k, Outbound(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}), 443, "tcp"), t0)
		}
	}
	for i := 1; i <= 15; i++ {
		b.Alive(active, t0.Add(time.Duration(i)*time.Minute))
	}
	for i := 1; i <= 11; i++ {
		b.Alive(trial, t0.Add(time.Duration(i)*time.Minute))
	}
	b.Observe(trial, behC, t0.Add(11*time.Minute))
}

func modelsJSON(t testing.TB, b *Baseline) string {
	t.Helper()
	out, err := json.MarshalIndent(b.Models(), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func openDir(t testing.TB, dir string, opts ...Option) *Baseline {
	t.Helper()
	b, err := Open(dir, append([]Option{
		WithLearn(10 * time.Minute), WithTrial(4 * time.Minute), WithClock(func() time.Time { return t0 }),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPersistence(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	b := openDir(t, dir)
	populate(t, b)
	want := modelsJSON(t, b)
	if !strings.Contains(want, `"state": "trial"`) || !strings.Contains(want, `"state": "active"`) {
		t.Fatalf("populate: %s", want)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := b.Flush(); !errors.Is(err, ErrClosed) {
		t.Errorf("Flush after Close: %v", err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("state dir: %v %v", fi.Mode(), err)
	}

	b = openDir(t, dir)
	if got := modelsJSON(t, b); got != want {
		t.Fatalf("after reopen:\n%s\nwant:\n%s", got, want)
	}
	if b.SetAside() != "" || b.SetAsideReason() != nil {
		t.Errorf("set aside %q: %v", b.SetAside(), b.SetAsideReason())
	}
	// Changes after a Flush, and a Delete, survive too.
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	k := Key{"dev", "shop", "registry.example/web", ""}
	b.Observe(k, behC, t0.Add(time.Hour))
	if ok, err := b.Delete(Key{"prod", "shop", "registry.example/web", ""}); !ok || err != nil {
		t.Fatalf("Delete: %v %v", ok, err)
	}
	if ok, err := b.Delete(Key{"prod", "shop", "registry.example/web", ""}); ok || err != nil {
		t.Fatalf("second Delete: %v %v", ok, err)
	}
	want = modelsJSON(t, b)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	b = openDir(t, dir)
	defer b.Close()
	if got := modelsJSON(t, b); got != want {
		t.Fatalf("after second reopen:\n%s\nwant:\n%s", got, want)
	}
	if len(b.Models()) != 2 {
		t.Errorf("%d models", len(b.Models()))
	}
	if _, known := b.Lookup(k, behC); !known {
		t.Error("learned behaviour lost")
	}
}

func TestInUse(t *testing.T) {
	dir := t.TempDir()
	b := openDir(t, dir)
	defer b.Close()
	start := time.Now()
	_, err := Open(dir, WithLockTimeout(100*time.Millisecond))
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "state dir "+dir+" is in use by another palisade") {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("took too long")
	}
}

// goodStore returns the bytes of a populated store and the size bbolt
// says is in use.
func goodStore(t *testing.T) ([]byte, int64) {
	dir := t.TempDir()
	b := openDir(t, dir)
	populate(t, b)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var used int64
	db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data, used
}

// boltFile writes a bbolt file at path, filled by fill.
func boltFile(t *testing.T, path string, fill func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fill); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func withBuckets(schema string, models map[string]string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket([]byte(bucketMeta))
		if err != nil {
			return err
		}
		if schema != "" {
			meta.Put([]byte(keySchema), []byte(schema))
		}
		mb, err := tx.CreateBucket([]byte(bucketModels))
		if err != nil {
			return err
		}
		for k, v := range models {
			if v == "" {
				if _, err := mb.CreateBucket([]byte(k)); err != nil {
					return err
				}
				continue
			}
			mb.Put([]byte(k), []byte(v))
		}
		return nil
	}
}

func TestCorruptStore(t *testing.T) {
	good, used := goodStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	scrambled := bytes.Clone(good)
	copy(scrambled[2*4096:], random)
	validModel, err := json.Marshal(Model{Key: kApp, State: StateLearning, Behaviors: map[Kind][]string{KindListen: {"80/tcp"}}})
	if err != nil {
		t.Fatal(err)
	}

	files := map[string][]byte{
		"zero length":        {},
		"random bytes":       random,
		"zeros":              make([]byte, 64<<10),
		"text":               []byte("not a database\n"),
		"truncated 100":      good[:100],
		"truncated 8k":       good[:8192],
		"truncated half":     good[:len(good)/2],
		"truncated used - 1": good[:used-1],
		"scrambled pages":    scrambled,
	}
	bolts := map[string]func(*bolt.Tx) error{
		"garbage value":  withBuckets("1", map[string]string{string(storeKey(kApp)): "\x00garbage{"}),
		"invalid model":  withBuckets("1", map[string]string{string(storeKey(kApp)): `{"key":{"cluster":"prod","namespace":"shop","repository":""},"state":"learning","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","lastSeen":"2026-01-01T00:00:00Z","activeTime":"0s","behaviors":{}}`}),
		"wrong key":      withBuckets("1", map[string]string{`["a","b","c",""]`: string(validModel)}),
		"nested bucket":  withBuckets("1", map[string]string{"sub": ""}),
		"wrong schema":   withBuckets("2", nil),
		"no schema":      withBuckets("", nil),
		"foreign bucket": func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err },
		"no models bucket": func(tx *bolt.Tx) error {
			meta, err := tx.CreateBucket([]byte(bucketMeta))
			if err != nil {
				return err
			}
			return meta.Put([]byte(keySchema), []byte("1"))
		},
	}
	check := func(t *testing.T, dir string) {
		path := filepath.Join(dir, FileName)
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b := openDir(t, dir)
		aside := b.SetAside()
		if want := path + ".corrupt-" + "1772366400"; aside != want {
			t.Errorf("set aside to %q, want %q", aside, want)
		}
		if r := b.SetAsideReason(); r == nil || strings.Contains(r.Error(), "\n") {
			t.Errorf("reason %q", r)
		} else {
			t.Logf("set aside: %v", r)
		}
		if after, err := os.ReadFile(aside); err != nil || !bytes.Equal(after, before) {
			t.Errorf("set-aside file changed or missing: %v", err)
		}
		if n := len(b.Models()); n != 0 {
			t.Errorf("%d models from a corrupt store", n)
		}
		b.Observe(kApp, behA, t0)
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		b = openDir(t, dir)
		defer b.Close()
		if b.SetAside() != "" || len(b.Models()) != 1 {
			t.Errorf("fresh store: set aside %q, %d models", b.SetAside(), len(b.Models()))
		}
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), content, 0o600); err != nil {
				t.Fatal(err)
			}
			check(t, dir)
		})
	}
	for name, fill := range bolts {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			boltFile(t, filepath.Join(dir, FileName), fill)
			check(t, dir)
		})
	}
	t.Run("name taken", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		os.WriteFile(path, []byte("x"), 0o600)
		os.WriteFile(path+".corrupt-1772366400", []byte("older"), 0o600)
		b := openDir(t, dir)
		defer b.Close()
		if b.SetAside() != path+".corrupt-1772366400.1" {
			t.Errorf("set aside to %q", b.SetAside())
		}
	})
}

// A bbolt file with no buckets at all is what a crash during the first
// Open leaves: it is initialised, not set aside.
func TestEmptyBoltFile(t *testing.T) {
	dir := t.TempDir()
	boltFile(t, filepath.Join(dir, FileName), func(*bolt.Tx) error { return nil })
	b := openDir(t, dir)
	defer b.Close()
	if b.SetAside() != "" {
		t.Errorf("set aside: %v", b.SetAsideReason())
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, FileName), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("directory as store: %v", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	if _, err := Open(file); err == nil {
		t.Error("file as state dir: no error")
	}
}
