package rpmdb

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/analyzer/rpm/internal/rpmdbtest"
)

// Real databases from go-rpmdb's tests: a RHEL 8 Berkeley DB holding libuuid
// and a SLE 15 BCI ndb Packages.db.
const (
	testdata   = "../../../../../testdata/analyzer/rpm"
	bdbFixture = "bdb-libuuid/Packages"
	ndbFixture = "ndb-sle15-bci/Packages.db"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// headers reads every blob of a database and decodes it.
func headers(ctx context.Context, read func(context.Context, []byte, func([]byte) error) error, content []byte) ([]Header, error) {
	var out []Header
	err := read(ctx, content, func(blob []byte) error {
		h, err := ParseHeader(blob)
		if err != nil {
			return err
		}
		out = append(out, h)
		return nil
	})
	return out, err
}

// ndbBlobs returns the fixture's header blobs, smallest first.
func ndbBlobs(t testing.TB) [][]byte {
	var blobs [][]byte
	err := ReadNDB(context.Background(), readFixture(t, ndbFixture), func(b []byte) error {
		blobs = append(blobs, bytes.Clone(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(blobs, func(i, j int) bool { return len(blobs[i]) < len(blobs[j]) })
	return blobs
}

func TestReadFixtures(t *testing.T) {
	got, err := headers(context.Background(), ReadBDB, readFixture(t, bdbFixture))
	if err != nil {
		t.Fatal(err)
	}
	want := []Header{{Name: "libuuid", Version: "2.32.1", Release: "42.el8_8", Arch: "x86_64", SourceRPM: "util-linux-2.32.1-42.el8_8.src.rpm"}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("bdb: got %+v, want %+v", got, want)
	}

	got, err = headers(context.Background(), ReadNDB, readFixture(t, ndbFixture))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 35 {
		t.Fatalf("ndb: %d headers, want 35", len(got))
	}
	first := Header{Name: "system-user-root", Version: "20190513", Release: "3.3.1", Arch: "noarch", SourceRPM: "system-user-root-20190513-3.3.1.src.rpm"}
	if got[0] != first {
		t.Errorf("ndb: first header %+v, want %+v", got[0], first)
	}
}

// TestBuiltDatabases reads the same real headers back from every layout.
func TestBuiltDatabases(t *testing.T) {
	blobs := ndbBlobs(t)[:5]
	want, err := headers(context.Background(), ReadNDB, rpmdbtest.NDB(blobs))
	if err != nil || len(want) != 5 {
		t.Fatalf("ndb: %d headers, %v", len(want), err)
	}
	for name, db := range map[string][]byte{
		"bdb 4096":       rpmdbtest.BDB(blobs, 4096),
		"bdb 512":        rpmdbtest.BDB(blobs, 512),
		"bdb big-endian": rpmdbtest.SwapBDB(rpmdbtest.BDB(blobs, 1024)),
	} {
		got, err := headers(context.Background(), ReadBDB, db)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d headers, want %d", name, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: header %d = %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
}

func TestParseHeader(t *testing.T) {
	tag := func(n uint32, s string) rpmdbtest.Tag { return rpmdbtest.Tag{Tag: n, S: s} }
	full := rpmdbtest.NEVRA("bash", 2, "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm")
	tests := []struct {
		name    string
		blob    []byte
		want    Header
		wantErr bool
	}{
		{name: "all tags", blob: full, want: Header{Name: "bash", Version: "5.1.8", Release: "6.el9", Arch: "x86_64", SourceRPM: "bash-5.1.8-6.el9.src.rpm", Epoch: 2}},
		{name: "no arch, epoch or source", blob: rpmdbtest.NEVRA("gpg-pubkey", 0, "fd431d51", "4ae0493b", "", ""), want: Header{Name: "gpg-pubkey", Version: "fd431d51", Release: "4ae0493b"}},
		{name: "later entries win", blob: rpmdbtest.Header(tag(rpmdbtest.TagName, "a"), tag(rpmdbtest.TagVersion, "1"), tag(rpmdbtest.TagName, "b")), want: Header{Name: "b", Version: "1"}},
		{name: "no name", blob: rpmdbtest.Header(tag(rpmdbtest.TagVersion, "1")), wantErr: true},
		{name: "empty", blob: nil, wantErr: true},
		{name: "zero tags", blob: make([]byte, 8), wantErr: true},
		{name: "truncated data", blob: full[:len(full)-1], wantErr: true},
		{name: "huge tag count", blob: append([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, make([]byte, 64)...), wantErr: true},
		{name: "huge data length", blob: append([]byte{0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff}, make([]byte, 64)...), wantErr: true},
		{name: "epoch out of range", blob: rpmdbtest.Header(tag(rpmdbtest.TagName, "a"), tag(rpmdbtest.TagVersion, "1"), rpmdbtest.Tag{Tag: rpmdbtest.TagEpoch, N: 1 << 31}), wantErr: true},
		{name: "control characters", blob: rpmdbtest.Header(tag(rpmdbtest.TagName, "a\x1b[31m"), tag(rpmdbtest.TagVersion, "1")), wantErr: true},
		{name: "over-long string", blob: rpmdbtest.Header(tag(rpmdbtest.TagName, strings.Repeat("a", maxStringLen+1)), tag(rpmdbtest.TagVersion, "1")), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseHeader(tt.blob)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrHeader) {
				t.Errorf("err = %v, not ErrHeader", err)
			}
			if err == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}

	be := binary.BigEndian
	damaged := map[string]func([]byte){
		"offset beyond the data":  func(b []byte) { be.PutUint32(b[8+8:], 1<<20) },
		"string tag typed as int": func(b []byte) { be.PutUint32(b[8+4:], typeInt32) },
		"string with count zero":  func(b []byte) { be.PutUint32(b[8+12:], 0) },
		"unterminated string":     func(b []byte) { b[len(b)-1] = 'x' },
	}
	for name, damage := range damaged {
		b := bytes.Clone(full)
		damage(b)
		if _, err := ParseHeader(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestDamaged feeds damaged databases: each must give an error, never a
// panic or a hang. Several of these crash or hang go-rpmdb v0.1.1, whose
// readers run in goroutines where a panic cannot be recovered.
func TestDamaged(t *testing.T) {
	bdb := readFixture(t, bdbFixture)
	ndb := readFixture(t, ndbFixture)
	le := binary.LittleEndian
	ps := int(le.Uint32(bdb[20:]))

	// libuuid's hash page holding the off-page item, and that item.
	hashPage, item := -1, -1
	for off := ps; off+ps <= len(bdb) && item < 0; off += ps {
		if bdb[off+bdbPageTypeOff] != bdbPageHash {
			continue
		}
		for i := 1; i < int(le.Uint16(bdb[off+bdbEntriesOff:])); i += 2 {
			if it := off + int(le.Uint16(bdb[off+bdbPageHeaderSize+2*i:])); bdb[it] == bdbItemOffPage {
				hashPage, item = off, it
				break
			}
		}
	}
	if item < 0 {
		t.Fatal("no off-page item in the fixture")
	}
	firstBlob := int(le.Uint32(ndb[ndbHeaderSize+8:])) * ndbBlockSize

	tests := []struct {
		name    string
		read    func(context.Context, []byte, func([]byte) error) error
		content []byte
	}{
		// go-rpmdb indexes the page with this offset in a goroutine and panics.
		{"bdb item offset beyond the page", ReadBDB, patch(bdb, hashPage+bdbPageHeaderSize+2, []byte{0xf0, 0xff})},
		// go-rpmdb loops forever when a chain reaches a page that is not an overflow page.
		{"bdb chain into a hash page", ReadBDB, patch(bdb, item+4, le.AppendUint32(nil, uint32(hashPage/ps)))},
		{"bdb chain back to its start", ReadBDB, chainLoop(bdb, item, ps)},
		{"bdb chain beyond the file", ReadBDB, patch(bdb, item+4, le.AppendUint32(nil, 1<<30))},
		{"bdb value longer than its chain", ReadBDB, patch(bdb, item+8, le.AppendUint32(nil, le.Uint32(bdb[item+8:])+1))},
		{"bdb value longer than the file", ReadBDB, patch(bdb, item+8, le.AppendUint32(nil, 1<<31))},
		{"bdb odd entry count", ReadBDB, patch(bdb, hashPage+bdbEntriesOff, []byte{3, 0})},
		{"bdb entries beyond the page", ReadBDB, patch(bdb, hashPage+bdbEntriesOff, []byte{0xfe, 0xff})},
		{"bdb bad page size", ReadBDB, patch(bdb, 20, le.AppendUint32(nil, 1000))},
		{"bdb encrypted", ReadBDB, patch(bdb, 24, []byte{1})},
		{"bdb last page beyond the file", ReadBDB, patch(bdb, 32, le.AppendUint32(nil, 1<<20))},
		{"bdb truncated", ReadBDB, bdb[:len(bdb)-ps]},
		{"bdb metadata only", ReadBDB, bdb[:100]},
		{"bdb not a hash database", ReadBDB, patch(bdb, bdbPageTypeOff, []byte{9})},
		{"bdb not bdb", ReadBDB, ndb},
		// go-rpmdb allocates the claimed blob length (4 GiB) before reading.
		{"ndb huge blob length", ReadNDB, patch(ndb, firstBlob+12, le.AppendUint32(nil, 0xfffffff0))},
		// go-rpmdb prints this one to standard output.
		{"ndb bad slot magic", ReadNDB, patch(ndb, ndbHeaderSize+ndbSlotSize, []byte("Xlot"))},
		{"ndb blob beyond the file", ReadNDB, patch(ndb, ndbHeaderSize+8, le.AppendUint32(nil, 1<<27))},
		{"ndb blob of another package", ReadNDB, patch(ndb, firstBlob+4, le.AppendUint32(nil, 9999))},
		{"ndb blob beyond its blocks", ReadNDB, patch(ndb, ndbHeaderSize+12, le.AppendUint32(nil, 1))},
		{"ndb slots sharing one blob", ReadNDB, sharedBlob(t)},
		{"ndb too many slot pages", ReadNDB, patch(ndb, 12, le.AppendUint32(nil, 4096))},
		{"ndb slot pages beyond the file", ReadNDB, patch(ndb, 12, le.AppendUint32(nil, uint32(len(ndb)/ndbSlotPageSize+1)))},
		{"ndb zero slot pages", ReadNDB, patch(ndb, 12, le.AppendUint32(nil, 0))},
		{"ndb version", ReadNDB, patch(ndb, 4, []byte{1})},
		{"ndb truncated", ReadNDB, ndb[:len(ndb)/2]},
		{"ndb header only", ReadNDB, ndb[:ndbHeaderSize]},
		{"ndb not ndb", ReadNDB, bdb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				done <- tt.read(context.Background(), tt.content, func([]byte) error { return nil })
			}()
			select {
			case err := <-done:
				if err == nil {
					t.Error("no error")
				}
				t.Log(err)
			case <-time.After(30 * time.Second):
				t.Fatal("did not return")
			}
		})
	}
}

// chainLoop makes libuuid's overflow chain point back to its first page.
func chainLoop(bdb []byte, item, ps int) []byte {
	le := binary.LittleEndian
	first := int(le.Uint32(bdb[item+4:]))
	last := first
	for next := int(le.Uint32(bdb[first*ps+bdbNextPageOff:])); next != 0; next = int(le.Uint32(bdb[next*ps+bdbNextPageOff:])) {
		last = next
	}
	out := patch(bdb, last*ps+bdbNextPageOff, le.AppendUint32(nil, uint32(first)))
	// Claim as much as the file holds, so that only the loop check can stop the walk.
	return patch(out, item+8, le.AppendUint32(nil, uint32(len(bdb))))
}

// sharedBlob builds an ndb in which every slot points at the same blob.
func sharedBlob(t *testing.T) []byte {
	blob := ndbBlobs(t)[0]
	db := rpmdbtest.NDB([][]byte{blob})
	first := db[2*ndbSlotSize : 3*ndbSlotSize]
	for i := 3; i < ndbSlotsPerPage; i++ {
		copy(db[i*ndbSlotSize:], first)
	}
	return db
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Enough pages and slots for the readers to look at the context.
	big := rpmdbtest.BDB([][]byte{rpmdbtest.NEVRA("a", 0, "1", "1", "", "")}, 512)
	big = append(big, make([]byte, 8192*512)...)
	binary.LittleEndian.PutUint32(big[32:], uint32(len(big)/512-1))
	if err := ReadBDB(ctx, big, func([]byte) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("bdb: err = %v", err)
	}
	ndb := rpmdbtest.NDB(nil)
	ndb = append(ndb, make([]byte, 19*ndbSlotPageSize)...)
	binary.LittleEndian.PutUint32(ndb[12:], 20)
	for i := ndbSlotsPerPage; i < 20*ndbSlotsPerPage; i++ {
		binary.LittleEndian.PutUint32(ndb[i*ndbSlotSize:], ndbSlotMagic)
	}
	if err := ReadNDB(ctx, ndb, func([]byte) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("ndb: err = %v", err)
	}
}

func TestCallbackErrorStops(t *testing.T) {
	stop := errors.New("stop")
	blobs := [][]byte{rpmdbtest.NEVRA("a", 0, "1", "1", "", ""), rpmdbtest.NEVRA("b", 0, "1", "1", "", "")}
	for name, db := range map[string][]byte{"bdb": rpmdbtest.BDB(blobs, 512), "ndb": rpmdbtest.NDB(blobs)} {
		calls := 0
		read := ReadBDB
		if name == "ndb" {
			read = ReadNDB
		}
		err := read(context.Background(), db, func([]byte) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("%s: err = %v after %d calls", name, err, calls)
		}
	}
}

func patch(b []byte, off int, with []byte) []byte {
	out := bytes.Clone(b)
	copy(out[off:], with)
	return out
}

func smallSeeds() [][]byte {
	small := [][]byte{
		rpmdbtest.NEVRA("bash", 0, "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm"),
		rpmdbtest.NEVRA("shadow-utils", 2, "4.9", "8.el9", "x86_64", "shadow-utils-4.9-8.el9.src.rpm"),
	}
	return [][]byte{
		rpmdbtest.NDB(small),
		rpmdbtest.BDB(small, 512),
		rpmdbtest.SwapBDB(rpmdbtest.BDB(small, 512)),
	}
}

// FuzzRead runs both container readers and the header decoder on the input,
// the way the analyzer does. Run it with -fuzzminimizetime=200x: the seeds
// are kilobytes, and minimising each new input by default stalls fuzzing
// for a minute.
func FuzzRead(f *testing.F) {
	for _, s := range smallSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		for _, read := range []func(context.Context, []byte, func([]byte) error) error{ReadBDB, ReadNDB} {
			total := 0
			err := read(context.Background(), content, func(blob []byte) error {
				if total += len(blob); total > 2*len(content) {
					t.Fatalf("blobs total %d bytes from %d bytes of input", total, len(content))
				}
				h, err := ParseHeader(blob)
				if err == nil && (h.Name == "" || h.Version == "" || h.Epoch < 0) {
					t.Fatalf("implausible header %+v", h)
				}
				return nil
			})
			_ = err
		}
	})
}

func FuzzParseHeader(f *testing.F) {
	f.Add(rpmdbtest.NEVRA("bash", 1, "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm"))
	f.Add(rpmdbtest.NEVRA("gpg-pubkey", 0, "fd431d51", "4ae0493b", "", "(none)"))
	f.Fuzz(func(t *testing.T, blob []byte) {
		h, err := ParseHeader(blob)
		if err == nil && (h.Name == "" || h.Version == "" || h.Epoch < 0) {
			t.Fatalf("implausible header %+v", h)
		}
	})
}
