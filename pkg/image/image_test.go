package image_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/palisadesec/palisade/pkg/image"
	"github.com/palisadesec/palisade/pkg/image/imagetest"
)

func testImage(t *testing.T, arch string) v1.Image {
	t.Helper()
	img, err := imagetest.Image(arch,
		imagetest.Layer{Files: map[string][]byte{"etc/os-release": []byte("ID=debian\nVERSION_ID=\"12\"\n"), "etc/a": []byte("a1"), "var/x/keep": []byte("k")}},
		imagetest.Layer{Files: map[string][]byte{"etc/a": []byte("a2"), "etc/b": []byte("b")}, Whiteouts: []string{"var/x"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// contents reads every layer and returns path=content lines with whiteouts.
func contents(t *testing.T, im *image.Image) []string {
	t.Helper()
	var out []string
	for _, l := range im.Layers {
		rc, err := l.Open()
		if err != nil {
			t.Fatal(err)
		}
		ch, err := image.WalkLayer(rc, func(p string) bool { return strings.HasPrefix(p, "etc/") }, func(p string, size int64, r io.Reader) error {
			b, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			out = append(out, p+"="+string(b))
			return nil
		})
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ch.Whiteouts {
			out = append(out, "whiteout:"+w)
		}
	}
	return out
}

var wantContents = []string{"etc/a=a1", "etc/os-release=ID=debian\nVERSION_ID=\"12\"\n", "etc/a=a2", "etc/b=b", "whiteout:var/x"}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestOpenSources(t *testing.T) {
	dir := t.TempDir()
	img := testImage(t, "amd64")
	wantID, _ := img.ConfigName()
	wantDiffs := diffIDs(t, img)

	archive := filepath.Join(dir, "img.tar")
	if err := imagetest.WriteDockerArchive(archive, "example.com/demo:1", img); err != nil {
		t.Fatal(err)
	}
	gzArchive := filepath.Join(dir, "img.tar.gz")
	gzipFile(t, archive, gzArchive)
	ociDir := filepath.Join(dir, "oci")
	if err := imagetest.WriteOCILayout(ociDir, img); err != nil {
		t.Fatal(err)
	}
	ociTar := filepath.Join(dir, "oci.tar")
	tarDir(t, ociDir, ociTar)

	cases := []struct{ name, input, source string }{
		{"docker-archive", archive, "docker-archive"},
		{"gzipped docker-archive", gzArchive, "docker-archive"},
		{"oci layout", ociDir, "oci-layout"},
		{"oci archive", ociTar, "oci-archive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			im, err := image.Open(context.Background(), "", image.WithInput(tc.input), image.WithTempDir(t.TempDir()))
			if err != nil {
				t.Fatal(err)
			}
			defer im.Close()
			if im.Source != tc.source {
				t.Errorf("source = %q, want %q", im.Source, tc.source)
			}
			if im.ID != wantID {
				t.Errorf("ID = %s, want %s", im.ID, wantID)
			}
			if got := layerDiffs(im); !equal(got, wantDiffs) {
				t.Errorf("diffIDs = %v, want %v", got, wantDiffs)
			}
			if got := contents(t, im); !equal(got, wantContents) {
				t.Errorf("contents = %q, want %q", got, wantContents)
			}
		})
	}
}

func TestOpenRegistryAndPlatform(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	amd, arm := testImage(t, "amd64"), testImage(t, "arm64")
	// Make the arm64 image distinguishable by content.
	armLayer, err := imagetest.Layer{Files: map[string][]byte{"etc/arch": []byte("arm64")}}.V1Layer()
	if err != nil {
		t.Fatal(err)
	}
	arm, err = mutate.AppendLayers(arm, armLayer)
	if err != nil {
		t.Fatal(err)
	}
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}},
	)
	ref, err := name.ParseReference(u.Host+"/demo/multi:1", name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(ref, idx); err != nil {
		t.Fatal(err)
	}
	single, _ := name.ParseReference(u.Host+"/demo/single:1", name.Insecure)
	if err := remote.Write(single, amd); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	opts := []image.Option{image.WithInsecure(true), image.WithDaemon(false), image.WithKeychain(authn.NewMultiKeychain())}

	im, err := image.Open(ctx, u.Host+"/demo/multi:1", append(opts, image.WithPlatform(&v1.Platform{OS: "linux", Architecture: "arm64"}))...)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Layers) != 3 || im.Config.Architecture != "arm64" {
		t.Fatalf("arm64 pick: %d layers, arch %s", len(im.Layers), im.Config.Architecture)
	}
	if im.Source != "registry" {
		t.Errorf("source %q", im.Source)
	}
	im, err = image.Open(ctx, u.Host+"/demo/multi:1", append(opts, image.WithPlatform(&v1.Platform{OS: "linux", Architecture: "amd64"}))...)
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(t, im); !equal(got, wantContents) {
		t.Errorf("amd64 contents = %q", got)
	}
	if _, err := image.Open(ctx, u.Host+"/demo/multi:1", append(opts, image.WithPlatform(&v1.Platform{OS: "linux", Architecture: "s390x"}))...); err == nil || !strings.Contains(err.Error(), "s390x") {
		t.Errorf("missing platform error = %v", err)
	}
	if _, err := image.Open(ctx, u.Host+"/demo/nope:1", opts...); !errors.Is(err, image.ErrNotFound) {
		t.Errorf("missing image error = %v, want ErrNotFound", err)
	}
	im, err = image.Open(ctx, u.Host+"/demo/single:1", opts...)
	if err != nil {
		t.Fatal(err)
	}
	if im.Digest.Hex == "" || len(im.RepoTags) != 1 {
		t.Errorf("digest %v tags %v", im.Digest, im.RepoTags)
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	img := testImage(t, "amd64")
	archive := filepath.Join(dir, "img.tar")
	if err := imagetest.WriteDockerArchive(archive, "example.com/demo:1", img); err != nil {
		t.Fatal(err)
	}
	full, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := map[string]string{
		"missing":      filepath.Join(dir, "does-not-exist.tar"),
		"empty":        write("empty.tar", nil),
		"garbage":      write("garbage.tar", bytes.Repeat([]byte("not a tar "), 100)),
		"truncated":    write("truncated.tar", full[:len(full)/2]),
		"bad gzip":     write("bad.tar.gz", []byte{0x1f, 0x8b, 0, 1, 2, 3}),
		"no manifest":  write("nomanifest.tar", tarOf(t, map[string]string{"hello.txt": "hi"})),
		"bad manifest": write("badmanifest.tar", tarOf(t, map[string]string{"manifest.json": "{not json"})),
		"missing layer": write("missinglayer.tar", tarOf(t, map[string]string{
			"manifest.json": `[{"Config":"c.json","Layers":["l.tar"]}]`,
			"c.json":        `{"rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}`,
		})),
	}
	for nm, p := range cases {
		t.Run(nm, func(t *testing.T) {
			im, err := image.Open(context.Background(), "", image.WithInput(p), image.WithTempDir(t.TempDir()))
			if err == nil {
				im.Close()
				t.Fatal("expected an error")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

// A layer cut short must fail while reading, not pass as a smaller layer.
func TestTruncatedLayer(t *testing.T) {
	l := imagetest.Layer{Files: map[string][]byte{"etc/big": bytes.Repeat([]byte("x"), 100000)}}
	raw, err := l.Tar()
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	cut := gz.Bytes()[:gz.Len()/2]
	rc, err := image.Decompress(io.NopCloser(bytes.NewReader(cut)))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	_, err = image.WalkLayer(rc, func(string) bool { return true }, func(p string, size int64, r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		return err
	})
	if err == nil {
		t.Fatal("truncated layer read without error")
	}
}

func TestCleanPath(t *testing.T) {
	for in, want := range map[string]string{"./etc/x": "etc/x", "/etc//x": "etc/x", "../../etc/x": "etc/x", "./": "", "a/b/../c": "a/c"} {
		if got := image.CleanPath(in); got != want {
			t.Errorf("CleanPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpaqueDirectory(t *testing.T) {
	l := imagetest.Layer{Opaque: []string{"var/lib/dpkg"}, Files: map[string][]byte{"var/lib/dpkg/status": []byte("x")}}
	raw, err := l.Tar()
	if err != nil {
		t.Fatal(err)
	}
	ch, err := image.WalkLayer(bytes.NewReader(raw), func(string) bool { return false }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Opaque) != 1 || ch.Opaque[0] != "var/lib/dpkg" {
		t.Errorf("opaque = %v", ch.Opaque)
	}
}

func diffIDs(t *testing.T, img v1.Image) []string {
	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		d, _ := l.DiffID()
		out = append(out, d.String())
	}
	return out
}

func layerDiffs(im *image.Image) []string {
	var out []string
	for _, l := range im.Layers {
		out = append(out, l.DiffID.String())
	}
	return out
}

func gzipFile(t *testing.T, src, dst string) {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func tarOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg})
		tw.Write([]byte(files[n]))
	}
	tw.Close()
	return buf.Bytes()
}

func tarDir(t *testing.T, dir, dst string) {
	files := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, tarOf(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzWalkLayer(f *testing.F) {
	l := imagetest.Layer{Files: map[string][]byte{"etc/os-release": []byte("ID=x\n"), "var/lib/dpkg/status": []byte("Package: a\n")}, Whiteouts: []string{"a/b"}, Opaque: []string{"c"}}
	raw, err := l.Tar()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = image.WalkLayer(bytes.NewReader(b), func(string) bool { return true }, func(p string, size int64, r io.Reader) error {
			if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") {
				t.Fatalf("unclean path %q", p)
			}
			_, err := io.Copy(io.Discard, io.LimitReader(r, 1<<20))
			return err
		})
	})
}

// FuzzOpenArchive feeds arbitrary bytes as an image tarball: every outcome
// must be an image or an error, never a panic or a hang.
func FuzzOpenArchive(f *testing.F) {
	img, err := imagetest.Image("amd64", imagetest.Layer{Files: map[string][]byte{"etc/os-release": []byte("ID=x\n")}})
	if err != nil {
		f.Fatal(err)
	}
	p := filepath.Join(f.TempDir(), "seed.tar")
	if err := imagetest.WriteDockerArchive(p, "example.com/x:1", img); err != nil {
		f.Fatal(err)
	}
	seed, _ := os.ReadFile(p)
	f.Add(seed)
	f.Add(tarOf(nil, map[string]string{"manifest.json": `[{"Config":"c","Layers":["l"]}]`, "c": `{}`}))
	f.Add(tarOf(nil, map[string]string{"index.json": `{"schemaVersion":2,"manifests":[]}`, "oci-layout": `{"imageLayoutVersion":"1.0.0"}`}))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.tar")
		if err := os.WriteFile(in, b, 0o600); err != nil {
			t.Fatal(err)
		}
		im, err := image.Open(context.Background(), "", image.WithInput(in), image.WithTempDir(dir))
		if err != nil {
			return
		}
		defer im.Close()
		for _, l := range im.Layers {
			rc, err := l.Open()
			if err != nil {
				continue
			}
			image.WalkLayer(io.LimitReader(rc, 1<<20), func(string) bool { return true }, func(string, int64, io.Reader) error { return nil })
			rc.Close()
		}
	})
}
