package cargo

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/testenv"
)

func testdata(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "..", "testdata", "analyzer", "cargo"}, parts...)...)
}

func readTestdata(t *testing.T, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(testdata(parts...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func crates(path string, nv ...string) []inventory.Package {
	var pkgs []inventory.Package
	for i := 0; i < len(nv); i += 2 {
		pkgs = append(pkgs, inventory.Package{Name: nv[i], Version: nv[i+1], Ecosystem: inventory.EcosystemCargo, Path: path})
	}
	return pkgs
}

func check(t *testing.T, got, want []inventory.Package) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestLockFiles(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"v1", []string{"app", "0.1.0", "libc", "0.2.150", "memchr", "2.6.4"}},
		{"v3", []string{
			"aho-corasick", "1.1.2", "app", "0.1.0", "cfg-if", "1.0.0", "getrandom", "0.2.11",
			"libc", "0.2.150", "memchr", "1.0.2", "memchr", "2.6.4", "rand", "0.8.5",
			"rand_core", "0.6.4", "regex", "1.10.2", "wasi", "0.11.0+wasi-snapshot-preview1",
		}},
		// serde 1.0.203 comes from crates.io and from git: one package.
		{"v4", []string{
			"anyhow", "1.0.86", "cli", "0.3.0", "core", "0.3.0", "pin-project-lite", "0.2.14",
			"serde", "1.0.203", "tokio", "1.38.0",
		}},
		{"workspace", []string{"app", "0.1.0", "util", "0.2.0"}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			path := "src/" + tc.dir + "/Cargo.lock"
			got, err := New().Parse(context.Background(), path, readTestdata(t, tc.dir, "Cargo.lock"))
			if err != nil {
				t.Fatal(err)
			}
			check(t, got, crates(path, tc.want...))
		})
	}
}

func TestCheckShape(t *testing.T) {
	for _, ok := range []string{
		"[[patch.unused]]\nname = \"a\"\n",
		"[metadata]\n\"checksum a 1.0.0 (registry+https://x.y/z)\" = \"ab\"\n",
		"# [[[[[[[[[[ a.b.c.d.e\nx = 1\n",
		"x = '[[[[[[[[[[.....'\n",
		`x = "\"[[[[[[[[[[[....."` + "\n",
		"x = \"\"\"\n[[[[[[[[[[....\n\\\"\"\"\n\"\"\"\n",
		"x = '''\n[[[[[[[[[[....\n'''\n",
		"x = [[[[[[[[1]]]]]]]]\n",
		"]]]]]]]]]]]] x = [[[[[[[[1]]]]]]]]\n",
		"x = \"unterminated [[[[[[[[[[[[",
		"x = \"\"\"unterminated [[[[[[[[[[[[",
	} {
		if err := checkShape([]byte(ok)); err != nil {
			t.Errorf("checkShape(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{
		"x = [[[[[[[[[1]]]]]]]]]\n",
		"a.b.c.d = 1\n",
		"x = \"a\" # c\n[a.b.c.d]\n",
		"x = '''\n'''.a.b.c.d\n",
	} {
		if err := checkShape([]byte(bad)); err == nil {
			t.Errorf("checkShape(%q) accepted", bad)
		}
	}
}

// TestLockWorstCase decodes the largest accepted input in shapes that are
// expensive for the TOML decoder, so a regression in the bounds shows as a
// slow test.
func TestLockWorstCase(t *testing.T) {
	if testing.Short() {
		testenv.Skip(t, "-short: decodes several MiB")
	}
	fill := func(unit func(i int) string) []byte {
		var b strings.Builder
		for i := 0; b.Len() < maxLockSize-64; i++ {
			b.WriteString(unit(i))
		}
		return []byte(b.String())
	}
	for name, content := range map[string][]byte{
		"dotted keys":   fill(func(i int) string { return "a.b.x" + strconv.Itoa(i) + " = 1\n" }),
		"nested arrays": fill(func(i int) string { return "x" + strconv.Itoa(i) + " = [[[[[[[]]]]]]]\n" }),
		"packages":      fill(func(i int) string { return "[[package]]\nname = \"c" + strconv.Itoa(i) + "\"\nversion = \"1.0.0\"\n" }),
	} {
		start := time.Now()
		if _, err := New().Parse(context.Background(), "Cargo.lock", content); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		t.Logf("%s: %d bytes in %v", name, len(content), time.Since(start))
	}
}

func TestLockErrors(t *testing.T) {
	a := New()
	for name, content := range map[string]string{
		"not toml":            "[[package]\nname = ",
		"package not a table": "package = 3\n",
		"name not a string":   "[[package]]\nname = 1\nversion = \"1\"\n",
		"duplicate key":       "[[package]]\nname = \"a\"\nname = \"b\"\n",
	} {
		if _, err := a.Parse(context.Background(), "Cargo.lock", []byte(content)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	for name, content := range map[string]string{
		"deep nesting":   "a = " + strings.Repeat("[", 1<<20),
		"deep tables":    "a = " + strings.Repeat("{b=", 1<<20),
		"dotted key":     "a.b.c.d = 1\n",
		"dotted table":   "[package.a.b.c]\n",
		"dotted in tail": "[[package]]\nname = \"x\"\nversion = \"1\"\nfoo" + strings.Repeat(".a", 1<<20) + " = 1\n",
	} {
		if _, err := a.Parse(context.Background(), "Cargo.lock", []byte(content)); err == nil || !strings.Contains(err.Error(), "not a Cargo.lock") {
			t.Errorf("%s: got %v, want a shape error", name, err)
		}
	}
	big := bytes.Repeat([]byte("# padding\n"), maxLockSize/10+1)
	if _, err := a.Parse(context.Background(), "Cargo.lock", big); err == nil {
		t.Error("oversized lock file: no error")
	}
	for name, content := range map[string]string{
		"empty":            "",
		"no packages":      "version = 4\n",
		"incomplete crate": "[[package]]\nname = \"a\"\n",
	} {
		got, err := a.Parse(context.Background(), "Cargo.lock", []byte(content))
		if err != nil || got != nil {
			t.Errorf("%s: %v, %v", name, got, err)
		}
	}
}

// auditJSON is what the fixture executable embeds: a root crate, two
// runtime crates and two build-time ones.
var auditJSON = `{"packages":[
 {"name":"auditable-demo","version":"0.1.0","source":"local","dependencies":[2,3],"root":true},
 {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"},
 {"name":"libc","version":"0.2.150","source":"crates.io"},
 {"name":"serde","version":"1.0.193","source":"crates.io","kind":"runtime","dependencies":[4]},
 {"name":"serde_derive","version":"1.0.193","source":"crates.io","kind":"build"}],"format":1}`

func wantAudit(path string) []inventory.Package {
	return crates(path, "auditable-demo", "0.1.0", "libc", "0.2.150", "serde", "1.0.193")
}

func compress(t testing.TB, s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// elfWith writes a minimal 64-bit little-endian ELF file whose only
// section besides the name table is name, holding data.
func elfWith(name string, data []byte) []byte {
	le := binary.LittleEndian
	shstrtab := "\x00" + name + "\x00.shstrtab\x00"
	dataOff := 64
	strOff := dataOff + len(data)
	shOff := (strOff + len(shstrtab) + 7) &^ 7
	b := make([]byte, shOff+3*64)
	copy(b, "\x7fELF\x02\x01\x01")
	le.PutUint16(b[16:], 2)  // ET_EXEC
	le.PutUint16(b[18:], 62) // EM_X86_64
	le.PutUint32(b[20:], 1)
	le.PutUint64(b[40:], uint64(shOff))
	le.PutUint16(b[52:], 64)
	le.PutUint16(b[54:], 56)
	le.PutUint16(b[58:], 64)
	le.PutUint16(b[60:], 3)
	le.PutUint16(b[62:], 2)
	copy(b[dataOff:], data)
	copy(b[strOff:], shstrtab)
	sh := func(i int, nameOff, typ uint32, off, size int) {
		h := b[shOff+i*64:]
		le.PutUint32(h[0:], nameOff)
		le.PutUint32(h[4:], typ)
		le.PutUint64(h[24:], uint64(off))
		le.PutUint64(h[32:], uint64(size))
		le.PutUint64(h[48:], 1)
	}
	sh(1, 1, 1, dataOff, len(data))                      // SHT_PROGBITS
	sh(2, uint32(2+len(name)), 3, strOff, len(shstrtab)) // SHT_STRTAB
	return b
}

// peWith writes a minimal PE file, without an optional header, with one
// section.
func peWith(name string, data []byte) []byte {
	le := binary.LittleEndian
	const peOff, secOff = 0x40, 0x40 + 4 + 20
	dataOff := secOff + 40
	b := make([]byte, dataOff+len(data))
	copy(b, "MZ")
	le.PutUint32(b[0x3c:], peOff)
	copy(b[peOff:], "PE\x00\x00")
	fh := b[peOff+4:]
	le.PutUint16(fh[0:], 0x8664)
	le.PutUint16(fh[2:], 1)
	le.PutUint16(fh[18:], 0x0002)
	s := b[secOff:]
	copy(s[0:8], name)
	le.PutUint32(s[8:], uint32(len(data)))
	le.PutUint32(s[12:], 0x1000)
	le.PutUint32(s[16:], uint32(len(data)))
	le.PutUint32(s[20:], uint32(dataOff))
	le.PutUint32(s[36:], 0x40000040)
	copy(b[dataOff:], data)
	return b
}

// machoWith writes a minimal 64-bit Mach-O executable with one segment
// holding one section.
func machoWith(name string, data []byte) []byte {
	le := binary.LittleEndian
	const cmdSize = 72 + 80
	dataOff := 32 + cmdSize
	b := make([]byte, dataOff+len(data))
	le.PutUint32(b[0:], 0xfeedfacf)
	le.PutUint32(b[4:], 0x01000007)
	le.PutUint32(b[8:], 3)
	le.PutUint32(b[12:], 2)
	le.PutUint32(b[16:], 1)
	le.PutUint32(b[20:], cmdSize)
	c := b[32:]
	le.PutUint32(c[0:], 0x19) // LC_SEGMENT_64
	le.PutUint32(c[4:], cmdSize)
	copy(c[8:24], "__DATA")
	le.PutUint64(c[24:], 0x100000000)
	le.PutUint64(c[32:], uint64(len(data)))
	le.PutUint64(c[40:], uint64(dataOff))
	le.PutUint64(c[48:], uint64(len(data)))
	le.PutUint32(c[64:], 1)
	s := c[72:]
	copy(s[0:16], name)
	copy(s[16:32], "__DATA")
	le.PutUint64(s[32:], 0x100000000)
	le.PutUint64(s[40:], uint64(len(data)))
	le.PutUint32(s[48:], uint32(dataOff))
	copy(b[dataOff:], data)
	return b
}

// fatWith wraps a thin Mach-O file in a universal binary.
func fatWith(thin []byte) []byte {
	be := binary.BigEndian
	const off = 0x1000
	b := make([]byte, off+len(thin))
	be.PutUint32(b[0:], 0xcafebabe)
	be.PutUint32(b[4:], 1)
	be.PutUint32(b[8:], 0x01000007)
	be.PutUint32(b[12:], 3)
	be.PutUint32(b[16:], off)
	be.PutUint32(b[20:], uint32(len(thin)))
	be.PutUint32(b[24:], 12)
	copy(b[off:], thin)
	return b
}

func TestAuditableFormats(t *testing.T) {
	section := compress(t, auditJSON)
	for name, content := range map[string][]byte{
		"elf":          elfWith(".dep-v0", section),
		"elf legacy":   elfWith(".rust-deps-v0", section),
		"pe":           peWith(".dep-v0", section),
		"pe legacy":    peWith("rdep-v0", section),
		"macho":        machoWith(".dep-v0", section),
		"macho legacy": machoWith("rust-deps-v0", section),
		"universal":    fatWith(machoWith(".dep-v0", section)),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := New().Parse(context.Background(), "usr/local/bin/demo", content)
			if err != nil {
				t.Fatal(err)
			}
			check(t, got, wantAudit("usr/local/bin/demo"))
		})
	}
}

func TestAuditableRustc(t *testing.T) {
	got, err := New().Parse(context.Background(), "usr/bin/demo", readTestdata(t, "auditable", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, wantAudit("usr/bin/demo"))
}

// TestAuditableObjcopy adds the section to this test's own executable with
// binutils, as a cross-check of the hand-made files, where objcopy exists.
func TestAuditableObjcopy(t *testing.T) {
	objcopy, err := exec.LookPath("objcopy")
	if err != nil || runtime.GOOS != "linux" {
		testenv.Skip(t, "needs objcopy (binutils) and an ELF test binary")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sec := filepath.Join(dir, "dep-v0.z")
	if err := os.WriteFile(sec, compress(t, auditJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "bin")
	if b, err := exec.Command(objcopy, "--add-section", ".dep-v0="+sec, self, out).CombinedOutput(); err != nil {
		testenv.Skip(t, "objcopy: %v\n%s", err, b)
	}
	content, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := New().Parse(context.Background(), "bin/x", content)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, wantAudit("bin/x"))
}

func TestNotAuditable(t *testing.T) {
	a := New()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"empty":            nil,
		"script":           []byte("#!/bin/sh\necho dep-v0\n"),
		"plain executable": exe,
		"other section":    elfWith(".data", compress(t, auditJSON)),
		"marker only":      append(elfWith(".text", nil), ".dep-v0"...),
		"broken elf":       []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00.dep-v0"),
		"java class":       []byte("\xca\xfe\xba\xbe\x00\x00\x00\x41\x00\x10\x00\x00\x00\x00\x00\x00.dep-v0"),
	} {
		got, err := a.Parse(context.Background(), "bin/x", content)
		if got != nil || err != nil {
			t.Errorf("%s: %v, %v", name, got, err)
		}
	}
}

func TestBadAuditSection(t *testing.T) {
	huge := compress(t, `{"packages":[`+strings.Repeat(" ", maxAuditJSON)+`]}`)
	for name, section := range map[string][]byte{
		"not zlib":   []byte("not compressed"),
		"truncated":  compress(t, auditJSON)[:40],
		"not json":   compress(t, "packages"),
		"wrong type": compress(t, `{"packages":{"name":"a"}}`),
		"too large":  huge,
	} {
		if _, err := New().Parse(context.Background(), "bin/x", elfWith(".dep-v0", section)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Unknown fields and kinds are tolerated; unknown kinds are left out.
	got, err := decodeDepV0(compress(t, `{"format":9,"packages":[{"name":"a","version":"1","kind":"dev","extra":[1]},{"name":"b","version":"2"},{"name":"","version":"3"}]}`))
	if err != nil || !slices.Equal(got, []crate{{"b", "2"}}) {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestRequired(t *testing.T) {
	a := New()
	for p, want := range map[string]bool{
		"Cargo.lock":                     true,
		"src/app/Cargo.lock":             true,
		"root/.cargo/bin/ripgrep":        true,
		"usr/local/bin/rg":               true,
		"app/server":                     true,
		"cargo.lock":                     false,
		"src/app/Cargo.lock.orig":        false,
		"src/app/Cargo.toml":             false,
		"usr/share/doc/x/copyright":      false,
		"root/.cargo/registry/x/LICENSE": false,
	} {
		if got := a.Required(p); got != want {
			t.Errorf("Required(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzLock(f *testing.F) {
	for _, dir := range []string{"v1", "v3", "v4", "workspace"} {
		b, err := os.ReadFile(testdata(dir, "Cargo.lock"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("[[package]]\nname = \"a\"\nversion = \"1\"\n[[package]]\nname = 'b'\nversion = \"\"\"2\"\"\"\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		pkgs, err := New().Parse(context.Background(), "Cargo.lock", content)
		if err != nil && pkgs != nil {
			t.Fatal("packages with an error")
		}
		for _, p := range pkgs {
			if p.Name == "" || p.Version == "" || p.Ecosystem != inventory.EcosystemCargo {
				t.Fatalf("bad package %+v", p)
			}
		}
	})
}

func FuzzDepV0(f *testing.F) {
	f.Add(compress(f, auditJSON))
	f.Add(compress(f, `{"packages":[]}`))
	f.Add(compress(f, `{"packages":[{"name":"a","version":"1","kind":"build"}]}`))
	f.Add([]byte("x\x9c"))
	f.Fuzz(func(t *testing.T, section []byte) {
		got, err := decodeDepV0(section)
		if err != nil && got != nil {
			t.Fatal("crates with an error")
		}
		for _, c := range got {
			if c.name == "" || c.version == "" {
				t.Fatalf("bad crate %+v", c)
			}
		}
	})
}

// FuzzExecutable feeds the section readers of the three formats.
func FuzzExecutable(f *testing.F) {
	section := compress(f, auditJSON)
	f.Add(elfWith(".dep-v0", section))
	f.Add(peWith(".dep-v0", section))
	f.Add(machoWith(".dep-v0", section))
	f.Add(fatWith(machoWith("rust-deps-v0", section)))
	f.Fuzz(func(t *testing.T, content []byte) {
		_, _ = New().Parse(context.Background(), "bin/x", content)
	})
}
