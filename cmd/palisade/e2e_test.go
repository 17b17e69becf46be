package main_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/palisadesec/palisade/pkg/image/imagetest"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The end-to-end tests run the real binary, built once with the release flags.
var (
	binPath  string
	testdata string
	work     string
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "palisade-e2e-*")
	if err != nil {
		log.Fatal(err)
	}
	work = dir
	binPath = filepath.Join(dir, "palisade")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X github.com/palisadesec/palisade/pkg/version.Version=v0.0.0-e2e -X github.com/palisadesec/palisade/pkg/version.Commit=e2e -X github.com/palisadesec/palisade/pkg/version.Date=2026-01-01T00:00:00Z", "-o", binPath, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		log.Fatalf("building palisade: %v\n%s", err, out)
	}
	testdata, _ = filepath.Abs(filepath.Join("..", "..", "testdata"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type run struct {
	stdout, stderr string
	code           int
}

func palisade(t *testing.T, env []string, args ...string) run {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic:") {
		t.Fatalf("palisade %v panicked:\n%s", args, errb.String())
	}
	return run{out.String(), errb.String(), code}
}

// fixtures returns a demo image archive and fixture DB, built once.
func fixtures(t *testing.T) (archive, db string) {
	t.Helper()
	archive = filepath.Join(work, "debian12.tar")
	db = filepath.Join(work, "db")
	if _, err := os.Stat(archive); err == nil {
		return archive, db
	}
	img, err := imagetest.Debian12(testdata)
	if err != nil {
		t.Fatal(err)
	}
	if err := imagetest.WriteDockerArchive(archive, "demo.local/debian:12", img); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(testdata, "vulndb", "advisories.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := vulndb.BuildFixture(db, src, time.Now()); err != nil {
		t.Fatal(err)
	}
	return archive, db
}

type jsonReport struct {
	SchemaVersion int `json:"schemaVersion"`
	Results       []struct {
		Target   string   `json:"target"`
		Kind     string   `json:"kind"`
		Cluster  string   `json:"cluster"`
		Errors   []string `json:"errors"`
		OS       *struct{ Family, Version string }
		Packages []struct{ Name, Version, Layer string }
		Findings []struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Status   string `json:"status"`
			Package  struct {
				Name, Version, FixedVersion, Layer, Path string
			} `json:"package"`
		} `json:"findings"`
		Metadata map[string]any `json:"metadata"`
	} `json:"results"`
}

func decode(t *testing.T, s string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, s)
	}
	return r
}

func TestScanImageArchiveJSON(t *testing.T) {
	archive, db := fixtures(t)
	cache := t.TempDir()
	r := palisade(t, nil, "scan", "image", "--input", archive, "--db", db, "--cache-dir", cache, "--format", "json", "--list-all-pkgs")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rep := decode(t, r.stdout)
	if len(rep.Results) != 1 {
		t.Fatalf("%d results", len(rep.Results))
	}
	res := rep.Results[0]
	if res.OS == nil || res.OS.Family != "debian" || res.OS.Version != "12" {
		t.Fatalf("os = %+v", res.OS)
	}
	if len(res.Packages) != 16 {
		t.Errorf("%d packages, want 16", len(res.Packages))
	}
	diffIDs := res.Metadata["diffIDs"].([]any)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Package.Name+"/"+f.ID)
		// libssl3 was upgraded in layer two; glibc came with layer one.
		wantLayer := diffIDs[0].(string)
		if f.Package.Name == "libssl3" || f.Package.Name == "openssl" {
			wantLayer = diffIDs[1].(string)
		}
		if f.Package.Layer != wantLayer {
			t.Errorf("%s/%s layer %s, want %s", f.Package.Name, f.ID, f.Package.Layer, wantLayer)
		}
		if f.Package.Path != "var/lib/dpkg/status" {
			t.Errorf("%s path %q", f.ID, f.Package.Path)
		}
	}
	slices.Sort(got)
	want := []string{
		"libc-bin/CVE-2010-4756", "libc-bin/CVE-2019-1010022", "libc-bin/CVE-2024-2961",
		"libc6/CVE-2010-4756", "libc6/CVE-2019-1010022", "libc6/CVE-2024-2961",
		"libssl3/CVE-2010-0928", "libssl3/CVE-2024-13176", "libssl3/CVE-2024-2511", "libssl3/CVE-2024-5535",
		"openssl/CVE-2010-0928", "openssl/CVE-2024-13176", "openssl/CVE-2024-2511", "openssl/CVE-2024-5535",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got  %v\n want %v", got, want)
	}
	// Warm rescan: same answer from the layer cache.
	r2 := palisade(t, nil, "scan", "image", "--input", archive, "--db", db, "--cache-dir", cache, "--format", "json", "--list-all-pkgs")
	if stripTime(r2.stdout) != stripTime(r.stdout) {
		t.Error("cached rescan differs from the first scan")
	}
}

func stripTime(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, `"createdAt"`) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func TestScanImageFiltersAndExitCodes(t *testing.T) {
	archive, db := fixtures(t)
	base := []string{"scan", "image", "--input", archive, "--db", db, "--cache-dir", t.TempDir(), "--format", "json"}
	ignore := filepath.Join(t.TempDir(), "ignore")
	os.WriteFile(ignore, []byte("CVE-2024-2961 package=libc6\nCVE-2024-5535 exp:2000-01-01\n"), 0o644)
	cases := []struct {
		name  string
		args  []string
		code  int
		count int
	}{
		{"fail-on high", []string{"--fail-on", "HIGH"}, 1, 14},
		{"fail-on critical", []string{"--fail-on", "CRITICAL"}, 0, 14},
		{"severity", []string{"--severity", "HIGH"}, 0, -1},
		{"ignore-unfixed", []string{"--ignore-unfixed"}, 0, 6},
		{"ignorefile", []string{"--ignorefile", ignore}, 0, 13},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := palisade(t, nil, append(base, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d: %s", r.code, tc.code, r.stderr)
			}
			fs := decode(t, r.stdout).Results[0].Findings
			if tc.count >= 0 && len(fs) != tc.count {
				t.Errorf("%d findings, want %d", len(fs), tc.count)
			}
			if tc.name == "severity" {
				if len(fs) == 0 {
					t.Fatal("no HIGH findings")
				}
				for _, f := range fs {
					if f.Severity != "HIGH" {
						t.Errorf("%s is %s", f.ID, f.Severity)
					}
				}
			}
		})
	}
}

func TestScanImageFormatsGolden(t *testing.T) {
	archive, db := fixtures(t)
	for _, format := range []string{"table", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report")
			// A path relative to the working directory keeps the output stable.
			r := palisade(t, nil, "scan", "image", "--input", filepath.Base(archive), "--db", db, "--cache-dir", t.TempDir(), "--format", format, "--output", out)
			if r.code != 0 || r.stdout != "" {
				t.Fatalf("exit %d stdout %q stderr %s", r.code, r.stdout, r.stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			got := normalize(string(b))
			golden := filepath.Join(testdata, "golden", "scan-image-debian12."+format)
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/palisade -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s output differs from %s (run with -update to accept):\n%s", format, golden, got)
			}
		})
	}
}

var junitTime = regexp.MustCompile(`timestamp="[^"]*"`)

// normalize removes what legitimately varies between runs: the time.
func normalize(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, `"createdAt"`) {
			l = `  "createdAt": "TIME",`
		}
		l = junitTime.ReplaceAllString(l, `timestamp="TIME"`)
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

func TestScanImageRegistry(t *testing.T) {
	_, db := fixtures(t)
	host, ref, _ := serveDebian(t, "demo/debian:12")
	r := palisade(t, []string{"DOCKER_CONFIG=" + t.TempDir(), "DOCKER_HOST=unix:///nonexistent.sock"}, "scan", "image", ref, "--insecure", "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rep := decode(t, r.stdout)
	if rep.Results[0].Target != ref || len(rep.Results[0].Findings) != 14 {
		t.Errorf("target %q, %d findings", rep.Results[0].Target, len(rep.Results[0].Findings))
	}
	// One missing image among several: the others still report, exit 2.
	r = palisade(t, []string{"DOCKER_HOST=unix:///nonexistent.sock"}, "scan", "image", ref, host+"/demo/missing:1", "--insecure", "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 2 {
		t.Fatalf("exit %d, want 2: %s", r.code, r.stderr)
	}
	rep = decode(t, r.stdout)
	if len(rep.Results) != 2 || len(rep.Results[0].Findings) != 14 || len(rep.Results[1].Errors) == 0 {
		t.Errorf("partial report wrong: %+v", rep.Results)
	}
	if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "missing") {
		t.Errorf("stderr should be one line naming the image: %q", r.stderr)
	}
}

func TestBadInputExitCodes(t *testing.T) {
	archive, db := fixtures(t)
	dir := t.TempDir()
	full, _ := os.ReadFile(archive)
	trunc := filepath.Join(dir, "trunc.tar")
	os.WriteFile(trunc, full[:len(full)/3], 0o644)
	garbage := filepath.Join(dir, "garbage.tar")
	os.WriteFile(garbage, bytes.Repeat([]byte{0xde, 0xad}, 4096), 0o644)
	corruptDB := filepath.Join(dir, "corruptdb")
	os.MkdirAll(corruptDB, 0o755)
	os.WriteFile(filepath.Join(corruptDB, "trivy.db"), bytes.Repeat([]byte("x"), 8192), 0o644)
	os.WriteFile(filepath.Join(corruptDB, "metadata.json"), []byte(`{"Version":2}`), 0o644)
	fileAsDir := filepath.Join(dir, "file")
	os.WriteFile(fileAsDir, nil, 0o644)

	cases := map[string][]string{
		"missing image":   {"scan", "image", "--input", filepath.Join(dir, "nope.tar"), "--db", db},
		"truncated":       {"scan", "image", "--input", trunc, "--db", db},
		"garbage":         {"scan", "image", "--input", garbage, "--db", db},
		"corrupt db":      {"scan", "image", "--input", archive, "--db", corruptDB},
		"missing db":      {"scan", "image", "--input", archive, "--db", filepath.Join(dir, "nodb")},
		"offline no db":   {"scan", "image", "--input", archive, "--offline", "--cache-dir", t.TempDir()},
		"unusable cache":  {"scan", "image", "--input", archive, "--db", db, "--cache-dir", filepath.Join(fileAsDir, "c")},
		"bad format":      {"scan", "image", "--input", archive, "--db", db, "--format", "xml"},
		"bad severity":    {"scan", "image", "--input", archive, "--db", db, "--fail-on", "SEVERE"},
		"bad platform":    {"scan", "image", "--input", archive, "--db", db, "--platform", "linux"},
		"no target":       {"scan", "image", "--db", db},
		"unknown flag":    {"scan", "image", "--bogus"},
		"unknown command": {"frobnicate"},
		"bad ignorefile":  {"scan", "image", "--input", archive, "--db", db, "--ignorefile", filepath.Join(dir, "nope")},
	}
	for nm, args := range cases {
		t.Run(nm, func(t *testing.T) {
			r := palisade(t, nil, args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "palisade: ") {
				t.Errorf("stderr is not one clear line: %q", r.stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	r := palisade(t, nil, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "palisade v0.0.0-e2e") || !strings.Contains(r.stdout, "commit: e2e") || !strings.Contains(r.stdout, "built: 2026-01-01T00:00:00Z") {
		t.Errorf("version output %q (exit %d)", r.stdout, r.code)
	}
}

// pushDB publishes a fixture DB as a trivy-db OCI artifact.
func pushDB(t *testing.T, host, repo, dbDir string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range []string{"trivy.db", "metadata.json"} {
		b, err := os.ReadFile(filepath.Join(dbDir, f))
		if err != nil {
			t.Fatal(err)
		}
		tw.WriteHeader(&tar.Header{Name: f, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg})
		tw.Write(b)
	}
	tw.Close()
	zw.Close()
	layer := static.NewLayer(buf.Bytes(), types.MediaType("application/vnd.aquasec.trivy.db.layer.v1.tar+gzip"))
	img, err := mutate.AppendLayers(mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.MediaType("application/vnd.aquasec.trivy.config.v1+json")), layer)
	if err != nil {
		t.Fatal(err)
	}
	tag, _ := name.NewTag(host+"/"+repo, name.Insecure)
	if err := remote.Write(tag, img); err != nil {
		t.Fatal(err)
	}
}

func TestDBUpdateStatusAndAutoUpdate(t *testing.T) {
	archive, db := fixtures(t)
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	pushDB(t, u.Host, "aquasecurity/trivy-db:2", db)
	cache := t.TempDir()
	env := []string{"DOCKER_CONFIG=" + t.TempDir()}

	r := palisade(t, env, "db", "status", "--cache-dir", cache)
	if r.code != 2 {
		t.Fatalf("status of a missing DB: exit %d", r.code)
	}
	// The first repository does not exist; the mirror after it does.
	r = palisade(t, env, "db", "update", "--cache-dir", cache, "--insecure", "--db-repository", u.Host+"/nope/trivy-db:2,"+u.Host+"/aquasecurity/trivy-db:2")
	if r.code != 0 {
		t.Fatalf("db update: exit %d: %s", r.code, r.stderr)
	}
	r = palisade(t, env, "db", "status", "--cache-dir", cache)
	if r.code != 0 || !strings.Contains(r.stdout, "Schema:      2") || !strings.Contains(r.stdout, filepath.Join(cache, "db")) {
		t.Fatalf("db status: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	// A scan with no DB yet downloads it itself.
	cache2 := t.TempDir()
	r = palisade(t, env, "scan", "image", "--input", archive, "--cache-dir", cache2, "--db-insecure", "--db-repository", u.Host+"/aquasecurity/trivy-db:2", "--format", "json")
	if r.code != 0 || len(decode(t, r.stdout).Results[0].Findings) != 14 {
		t.Fatalf("auto-update scan: exit %d: %s", r.code, r.stderr)
	}
	// --offline never touches the network, and works with the DB now present.
	srv.Close()
	r = palisade(t, env, "scan", "image", "--input", archive, "--cache-dir", cache2, "--offline", "--format", "json")
	if r.code != 0 {
		t.Fatalf("offline scan: exit %d: %s", r.code, r.stderr)
	}
	// Update against a dead registry fails cleanly and keeps the old DB.
	r = palisade(t, env, "db", "update", "--cache-dir", cache, "--insecure", "--db-repository", u.Host+"/aquasecurity/trivy-db:2")
	if r.code != 2 {
		t.Fatalf("update from a dead registry: exit %d", r.code)
	}
	if r := palisade(t, env, "db", "status", "--cache-dir", cache); r.code != 0 {
		t.Fatalf("DB lost after failed update: %s", r.stderr)
	}
}

// A registry that demands credentials: palisade reads them from the Docker
// config file, as docker login writes it, and fails cleanly without them.
func TestScanImageRegistryAuth(t *testing.T) {
	_, db := fixtures(t)
	reg := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "ci" || p != "s3cret" {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
			return
		}
		reg.ServeHTTP(w, r)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	img, err := imagetest.Debian12(testdata)
	if err != nil {
		t.Fatal(err)
	}
	ref := u.Host + "/private/debian:12"
	tag, _ := name.NewTag(ref, name.Insecure)
	if err := remote.Write(tag, img, remote.WithAuth(&authn.Basic{Username: "ci", Password: "s3cret"})); err != nil {
		t.Fatal(err)
	}
	noCreds := t.TempDir()
	creds := t.TempDir()
	auth := base64.StdEncoding.EncodeToString([]byte("ci:s3cret"))
	os.WriteFile(filepath.Join(creds, "config.json"), []byte(`{"auths":{"`+u.Host+`":{"auth":"`+auth+`"}}}`), 0o600)

	r := palisade(t, []string{"DOCKER_CONFIG=" + creds, "DOCKER_HOST=unix:///nonexistent.sock"}, "scan", "image", ref, "--insecure", "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 0 || len(decode(t, r.stdout).Results[0].Findings) != 14 {
		t.Fatalf("with credentials: exit %d: %s", r.code, r.stderr)
	}
	r = palisade(t, []string{"DOCKER_CONFIG=" + noCreds, "DOCKER_HOST=unix:///nonexistent.sock"}, "scan", "image", ref, "--insecure", "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 2 || !strings.Contains(strings.ToLower(r.stderr), "unauthorized") {
		t.Fatalf("without credentials: exit %d: %s", r.code, r.stderr)
	}
}

// What cannot be assessed is reported in the result and turns the exit code
// to 2, while everything else in the image is still reported.
func TestUnassessableImageParts(t *testing.T) {
	_, db := fixtures(t)
	dir := t.TempDir()
	status, err := os.ReadFile(filepath.Join(testdata, "images", "debian12", "status.layer1"))
	if err != nil {
		t.Fatal(err)
	}
	osRelease, _ := os.ReadFile(filepath.Join(testdata, "images", "debian12", "os-release"))
	build := func(name string, files map[string][]byte) string {
		img, err := imagetest.Image("amd64", imagetest.Layer{Files: files})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name+".tar")
		if err := imagetest.WriteDockerArchive(p, "demo.local/"+name+":1", img); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// dpkg is intact but the apk database is garbage.
	corrupt := build("corrupt", map[string][]byte{"usr/lib/os-release": osRelease, "var/lib/dpkg/status": status, "lib/apk/db/installed": {0, 1, 2, 3, 0xff}})
	r := palisade(t, nil, "scan", "image", "--input", corrupt, "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	rep := decode(t, r.stdout)
	if r.code != 2 || len(rep.Results[0].Findings) == 0 || len(rep.Results[0].Errors) != 1 || !strings.Contains(rep.Results[0].Errors[0], "lib/apk/db/installed") {
		t.Fatalf("corrupt apk db: exit %d, result %+v, stderr %s", r.code, rep.Results[0].Errors, r.stderr)
	}
	// Packages but nothing saying which distribution they belong to.
	unknown := build("unknown", map[string][]byte{"var/lib/dpkg/status": status})
	r = palisade(t, nil, "scan", "image", "--input", unknown, "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 2 || !strings.Contains(r.stderr, "unknown OS") {
		t.Fatalf("unknown OS: exit %d: %s", r.code, r.stderr)
	}
	// A distribution the DB format has no data for.
	arch := build("arch", map[string][]byte{"etc/os-release": []byte("ID=arch\nNAME=\"Arch Linux\"\n"), "var/lib/dpkg/status": status})
	r = palisade(t, nil, "scan", "image", "--input", arch, "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 2 {
		t.Fatalf("unsupported OS: exit %d: %s", r.code, r.stderr)
	}
	// An image with no OS at all (scratch, static binary) is simply clean.
	scratch := build("scratch", map[string][]byte{"app": []byte("\x7fELF")})
	r = palisade(t, nil, "scan", "image", "--input", scratch, "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 0 {
		t.Fatalf("scratch image: exit %d: %s", r.code, r.stderr)
	}
}

func TestStaleDBWarnsOffline(t *testing.T) {
	archive, _ := fixtures(t)
	cache := t.TempDir()
	src := []byte("nextUpdate: 2000-01-01T00:00:00Z\nupdatedAt: 1999-12-31T00:00:00Z\n")
	if err := vulndb.BuildFixture(filepath.Join(cache, "db"), src, time.Now()); err != nil {
		t.Fatal(err)
	}
	r := palisade(t, nil, "scan", "image", "--input", archive, "--cache-dir", cache, "--offline", "--format", "json")
	if r.code != 0 || !strings.Contains(r.stderr, "stale") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// An Alpine image through the whole pipeline: apk database, origin-keyed
// advisories, apk version order. The expected pairs are what Trivy v0.74
// reports for this image and DB (checked side by side when written).
func TestScanAlpineImage(t *testing.T) {
	_, db := fixtures(t)
	files, err := imagetest.ReadFiles(map[string]string{
		"etc/os-release":       filepath.Join(testdata, "analyzer", "osrelease", "alpine-3.19", "etc", "os-release"),
		"etc/alpine-release":   filepath.Join(testdata, "analyzer", "osrelease", "alpine-3.19", "etc", "alpine-release"),
		"lib/apk/db/installed": filepath.Join(testdata, "analyzer", "apk", "installed"),
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := imagetest.Image("amd64", imagetest.Layer{Files: files})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(work, "alpine.tar")
	if err := imagetest.WriteDockerArchive(p, "demo.local/alpine:3.19", img); err != nil {
		t.Fatal(err)
	}
	r := palisade(t, nil, "scan", "image", "--input", p, "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	res := decode(t, r.stdout).Results[0]
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Package.Name+"/"+f.ID+"/"+f.Package.Version+"/"+f.Package.FixedVersion)
	}
	slices.Sort(got)
	want := []string{
		"busybox/CVE-2023-42363/1.36.1-r15/1.36.1-r17", "busybox/CVE-2023-42366/1.36.1-r15/1.36.1-r16",
		"libcrypto3/CVE-2024-2511/3.1.4-r5/3.1.4-r6", "libcrypto3/CVE-2024-5535/3.1.4-r5/3.1.6-r0",
		"ssl_client/CVE-2023-42363/1.36.1-r15/1.36.1-r17", "ssl_client/CVE-2023-42366/1.36.1-r15/1.36.1-r16",
	}
	if res.OS == nil || res.OS.Family != "alpine" || !slices.Equal(got, want) {
		t.Errorf("os %+v, findings:\n got  %q\n want %q", res.OS, got, want)
	}
}

// scan fs over a source tree: lock files of several ecosystems, matched
// against the language advisories; skip flags honoured.
func TestScanFS(t *testing.T) {
	_, db := fixtures(t)
	root := t.TempDir()
	write := func(p, content string) {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("web/Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.8)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n\nBUNDLED WITH\n   2.4.10\n")
	write("api/composer.lock", `{"packages":[{"name":"guzzlehttp/guzzle","version":"7.4.4"}],"packages-dev":[]}`)
	write("svc/packages.lock.json", `{"version":1,"dependencies":{"net8.0":{"Newtonsoft.Json":{"type":"Direct","requested":"[12.0.3, )","resolved":"12.0.3"}}}}`)
	write("ui/package-lock.json", `{"name":"ui","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"ui","version":"1.0.0","dependencies":{"lodash":"^4.17.20"}},"node_modules/lodash":{"version":"4.17.20","resolved":"https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz"}}}`)
	write("ml/requirements.txt", "requests==2.30.0  # pinned\nflask>=2.0\n")
	write("vendor-copy/Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.0)\n")
	write(".git/Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (1.0.0)\n")

	r := palisade(t, nil, "scan", "fs", root, "--db", db, "--skip-dirs", "vendor-copy", "--format", "json", "--list-all-pkgs")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	res := decode(t, r.stdout).Results[0]
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Package.Path+":"+f.Package.Name+"/"+f.ID)
	}
	slices.Sort(got)
	want := []string{
		"api/composer.lock:guzzlehttp/guzzle/CVE-2022-31090",
		"ml/requirements.txt:requests/CVE-2023-32681",
		"svc/packages.lock.json:Newtonsoft.Json/CVE-2024-21907",
		"ui/package-lock.json:lodash/CVE-2021-23337",
		"web/Gemfile.lock:rack/CVE-2024-26146",
	}
	if res.Kind != "filesystem" || len(res.Packages) != 5 || !slices.Equal(got, want) {
		t.Errorf("kind %s, %d packages, findings:\n got  %q\n want %q", res.Kind, len(res.Packages), got, want)
	}
	// The repo alias, and a broken lock file: reported, the rest still scanned, exit 2.
	write("broken/composer.lock", "{not json")
	r = palisade(t, nil, "scan", "repo", root, "--db", db, "--skip-dirs", "vendor-copy", "--format", "json")
	rep := decode(t, r.stdout)
	if r.code != 2 || len(rep.Results[0].Findings) != 5 || len(rep.Results[0].Errors) != 1 || !strings.Contains(rep.Results[0].Errors[0], "broken/composer.lock") {
		t.Fatalf("broken lock file: exit %d, errors %v", r.code, rep.Results[0].Errors)
	}
	if r := palisade(t, nil, "scan", "fs", filepath.Join(root, "missing"), "--db", db); r.code != 2 {
		t.Fatalf("missing path: exit %d", r.code)
	}
	if r := palisade(t, nil, "scan", "fs", root, "--db", db, "--skip-dirs", "["); r.code != 2 {
		t.Fatalf("bad glob: exit %d", r.code)
	}
}

// scan → SBOM → scan sbom gives the same findings, for both SBOM formats,
// for an image (OS packages) and a source tree (language packages).
func TestSBOMRoundTrip(t *testing.T) {
	archive, db := fixtures(t)
	tree := t.TempDir()
	os.WriteFile(filepath.Join(tree, "Gemfile.lock"), []byte("GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.8)\n"), 0o644)
	os.WriteFile(filepath.Join(tree, "composer.lock"), []byte(`{"packages":[{"name":"guzzlehttp/guzzle","version":"7.4.4"}]}`), 0o644)
	pairs := func(out string) []string {
		var got []string
		for _, res := range decode(t, out).Results {
			for _, f := range res.Findings {
				got = append(got, f.Package.Name+"/"+f.Package.Version+"/"+f.ID+"/"+f.Severity+"/"+f.Package.FixedVersion)
			}
		}
		slices.Sort(got)
		return got
	}
	for _, target := range [][]string{{"image", "--input", archive}, {"fs", tree}} {
		direct := palisade(t, nil, append(append([]string{"scan"}, target...), "--db", db, "--cache-dir", t.TempDir(), "--format", "json")...)
		if direct.code != 0 {
			t.Fatalf("%v: exit %d: %s", target, direct.code, direct.stderr)
		}
		want := pairs(direct.stdout)
		if len(want) == 0 {
			t.Fatalf("%v: no findings to compare", target)
		}
		for _, format := range []string{"cyclonedx", "spdx-json"} {
			sbomFile := filepath.Join(t.TempDir(), "bom.json")
			r := palisade(t, nil, append(append([]string{"scan"}, target...), "--db", db, "--cache-dir", t.TempDir(), "--format", format, "--output", sbomFile)...)
			if r.code != 0 {
				t.Fatalf("%v %s: exit %d: %s", target, format, r.code, r.stderr)
			}
			r = palisade(t, nil, "scan", "sbom", sbomFile, "--db", db, "--format", "json")
			if r.code != 0 {
				t.Fatalf("scan sbom (%s of %v): exit %d: %s", format, target, r.code, r.stderr)
			}
			if got := pairs(r.stdout); !slices.Equal(got, want) {
				t.Errorf("%s round trip of %v:\n got  %q\n want %q", format, target, got, want)
			}
		}
	}
	garbage := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(garbage, []byte(`{"hello":"world"}`), 0o644)
	if r := palisade(t, nil, "scan", "sbom", garbage, "--db", db); r.code != 2 {
		t.Errorf("garbage SBOM: exit %d", r.code)
	}
}

// Language packages installed in an image without any OS (a scratch or
// distroless-style image) are still found and matched; lock files in an
// image are not read, installed metadata is.
func TestScanImageLanguagePackages(t *testing.T) {
	_, db := fixtures(t)
	img, err := imagetest.Image("amd64", imagetest.Layer{Files: map[string][]byte{
		"app/node_modules/lodash/package.json":                             []byte(`{"name":"lodash","version":"4.17.20"}`),
		"app/package-lock.json":                                            []byte(`{"lockfileVersion":3,"packages":{"node_modules/minimist":{"version":"0.0.8"}}}`),
		"usr/lib/python3/site-packages/requests-2.30.0.dist-info/METADATA": []byte("Metadata-Version: 2.1\nName: requests\nVersion: 2.30.0\n"),
		"usr/local/bundle/specifications/rack-2.2.8.gemspec":               []byte("Gem::Specification.new do |s|\n  s.name = \"rack\"\n  s.version = \"2.2.8\"\nend\n"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "lang.tar")
	if err := imagetest.WriteDockerArchive(p, "demo.local/lang:1", img); err != nil {
		t.Fatal(err)
	}
	r := palisade(t, nil, "scan", "image", "--input", p, "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []string
	for _, f := range decode(t, r.stdout).Results[0].Findings {
		got = append(got, f.Package.Name+"/"+f.ID)
	}
	slices.Sort(got)
	// lodash 4.17.20 is past CVE-2020-8203's fix (4.17.19), not CVE-2021-23337's.
	want := []string{"lodash/CVE-2021-23337", "rack/CVE-2024-26146", "requests/CVE-2023-32681"}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got  %q\n want %q", got, want)
	}
}

// Secrets: in a file deleted by a later layer (still in the image), in the
// image config, and in a source tree; masked everywhere.
func TestSecrets(t *testing.T) {
	_, db := fixtures(t)
	key := "AKIA" + "Z7QW3ERT5YUI8OPL"
	token := "ghp_" + "R8mZ2qLx7Tn4Vb9K" + "c1Wd5Yf3Hs6Jp0Ga2Eux"
	img, err := imagetest.Image("amd64",
		imagetest.Layer{Files: map[string][]byte{"app/.env": []byte("DEBUG=1\nAWS_ACCESS_KEY_ID=" + key + "\n")}},
		imagetest.Layer{Whiteouts: []string{"app/.env"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := img.ConfigFile()
	cf = cf.DeepCopy()
	cf.Config.Env = append(cf.Config.Env, "GITHUB_TOKEN="+token)
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "secret.tar")
	if err := imagetest.WriteDockerArchive(p, "demo.local/secret:1", img); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "table", "sarif", "cyclonedx"} {
		r := palisade(t, nil, "scan", "image", "--input", p, "--db", db, "--cache-dir", t.TempDir(), "--format", format)
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", format, r.code, r.stderr)
		}
		if strings.Contains(r.stdout, key) || strings.Contains(r.stdout, token) {
			t.Fatalf("%s output leaks a secret:\n%s", format, r.stdout)
		}
	}
	r := palisade(t, nil, "scan", "image", "--input", p, "--db", db, "--cache-dir", t.TempDir(), "--format", "json")
	var rep struct {
		Results []struct {
			Findings []struct {
				ID, Type string
				Location struct {
					Path      string
					StartLine int
					Layer     string
				}
			}
		}
	}
	json.Unmarshal([]byte(r.stdout), &rep)
	var got []string
	for _, f := range rep.Results[0].Findings {
		if f.Type != "secret" {
			continue
		}
		got = append(got, fmt.Sprintf("%s@%s:%d layer=%t", f.ID, f.Location.Path, f.Location.StartLine, f.Location.Layer != ""))
	}
	slices.Sort(got)
	if len(got) != 2 || !strings.Contains(got[0]+got[1], "app/.env:2 layer=true") || !strings.Contains(got[0]+got[1], "image config: Env:") {
		t.Errorf("secret findings %q", got)
	}
	// --scanners vuln turns secret scanning off.
	r = palisade(t, nil, "scan", "image", "--input", p, "--db", db, "--cache-dir", t.TempDir(), "--format", "json", "--scanners", "vuln")
	if n := strings.Count(r.stdout, `"type": "secret"`); r.code != 0 || n != 0 {
		t.Errorf("--scanners vuln: exit %d, %d secrets", r.code, n)
	}
	// A source tree, secrets only: no DB needed at all.
	tree := t.TempDir()
	os.WriteFile(filepath.Join(tree, "deploy.sh"), []byte("#!/bin/sh\nexport GH="+token+"\n"), 0o644)
	r = palisade(t, nil, "scan", "fs", tree, "--scanners", "secret", "--offline", "--cache-dir", t.TempDir(), "--format", "json", "--fail-on", "HIGH")
	if r.code != 1 || !strings.Contains(r.stdout, `"path": "deploy.sh"`) || strings.Contains(r.stdout, token) {
		t.Errorf("fs secrets: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
}

// A real Go binary (palisade itself) in an image: its modules and the Go
// standard library are inventoried from the build info.
func TestScanImageGoBinary(t *testing.T) {
	_, db := fixtures(t)
	bin, err := os.ReadFile(binPath)
	if err != nil {
		t.Fatal(err)
	}
	img, err := imagetest.Image("amd64", imagetest.Layer{Files: map[string][]byte{"usr/local/bin/palisade": bin}})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "gobin.tar")
	if err := imagetest.WriteDockerArchive(p, "demo.local/gobin:1", img); err != nil {
		t.Fatal(err)
	}
	r := palisade(t, nil, "scan", "image", "--input", p, "--db", db, "--cache-dir", t.TempDir(), "--format", "json", "--list-all-pkgs", "--scanners", "vuln")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	have := map[string]string{}
	for _, pkg := range decode(t, r.stdout).Results[0].Packages {
		have[pkg.Name] = pkg.Version
	}
	if v := have["stdlib"]; v != "v"+strings.TrimPrefix(runtime.Version(), "go") {
		t.Errorf("stdlib = %q, want %s", v, runtime.Version())
	}
	if _, ok := have["github.com/spf13/cobra"]; !ok {
		t.Errorf("cobra missing from %d packages", len(have))
	}
}

// --secret-config adds rules and allow rules end to end; cache clean empties
// the layer cache (and the DB with --all).
func TestSecretConfigAndCacheClean(t *testing.T) {
	tree := t.TempDir()
	tok := "acme_" + "k3j9x2m7q4w8e1r6t5y0u3i2o9p8a7s6"
	os.WriteFile(filepath.Join(tree, "app.env"), []byte("ACME="+tok+"\n"), 0o644)
	os.MkdirAll(filepath.Join(tree, "ci"), 0o755)
	os.WriteFile(filepath.Join(tree, "ci", "app.env"), []byte("ACME="+tok+"\n"), 0o644)
	cfg := filepath.Join(t.TempDir(), "secret.yaml")
	os.WriteFile(cfg, []byte("rules:\n  - id: acme-key\n    severity: HIGH\n    keywords: [acme_]\n    regex: '\\bacme_(?P<secret>[a-z0-9]{32})\\b'\nallow-rules:\n  - id: ci\n    path: '^ci/'\n"), 0o644)
	base := []string{"scan", "fs", tree, "--scanners", "secret", "--format", "json"}
	r := palisade(t, nil, base...)
	if strings.Contains(r.stdout, "acme-key") {
		t.Fatalf("custom rule fired without --secret-config")
	}
	r = palisade(t, nil, append(base, "--secret-config", cfg)...)
	if r.code != 0 || strings.Count(r.stdout, `"id": "acme-key"`) != 1 || !strings.Contains(r.stdout, `"path": "app.env"`) || strings.Contains(r.stdout, tok) {
		t.Fatalf("--secret-config: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	os.WriteFile(cfg, []byte("rules:\n  - id: broken\n    severity: HIGH\n    regex: '('\n"), 0o644)
	if r := palisade(t, nil, append(base, "--secret-config", cfg)...); r.code != 2 {
		t.Fatalf("invalid secret config: exit %d", r.code)
	}

	archive, db := fixtures(t)
	cache := t.TempDir()
	os.MkdirAll(filepath.Join(cache, "db"), 0o755)
	if r := palisade(t, nil, "scan", "image", "--input", archive, "--db", db, "--cache-dir", cache, "--format", "json"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "layers", "*", "*.json")); len(entries) == 0 {
		t.Fatal("no layer cache entries written")
	}
	if r := palisade(t, nil, "cache", "clean", "--cache-dir", cache); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "layers", "*", "*.json")); len(entries) != 0 {
		t.Fatalf("%d cache entries survived cache clean", len(entries))
	}
	if _, err := os.Stat(filepath.Join(cache, "db")); err != nil {
		t.Fatal("cache clean without --all removed the DB")
	}
	palisade(t, nil, "cache", "clean", "--all", "--cache-dir", cache)
	if _, err := os.Stat(filepath.Join(cache, "db")); !os.IsNotExist(err) {
		t.Fatal("cache clean --all kept the DB")
	}
}

// serveDebian pushes the demo Debian image as repo:tag to an in-process
// registry that lives as long as the test, and returns the registry's
// host, the image reference and its digest.
func serveDebian(t *testing.T, repoTag string) (host, ref string, digest v1.Hash) {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	img, err := imagetest.Debian12(testdata)
	if err != nil {
		t.Fatal(err)
	}
	ref = u.Host + "/" + repoTag
	tag, _ := name.NewTag(ref, name.Insecure)
	if err := remote.Write(tag, img); err != nil {
		t.Fatal(err)
	}
	digest, err = img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return u.Host, ref, digest
}
