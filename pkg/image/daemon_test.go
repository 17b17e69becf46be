package image_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/image"
	"github.com/palisadesec/palisade/pkg/image/imagetest"
)

// dockerAPI serves the two Docker Engine API calls palisade makes (image
// inspect and image save) over a unix socket, from a docker-archive on disk,
// the way dockerd and podman's compatibility API answer them.
func dockerAPI(t *testing.T, tag, archive string) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "docker.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if i := strings.Index(p[1:], "/"); strings.HasPrefix(p, "/v1.") && i > 0 {
			p = p[i+1:]
		}
		w.Header().Set("Api-Version", "1.45")
		switch {
		case p == "/_ping":
			w.Write([]byte("OK"))
		case p == "/images/get":
			if r.URL.Query().Get("names") != tag {
				http.Error(w, `{"message":"no such image"}`, http.StatusNotFound)
				return
			}
			http.ServeFile(w, r, archive)
		case strings.HasPrefix(p, "/images/") && strings.HasSuffix(p, "/json"):
			nm := strings.TrimSuffix(strings.TrimPrefix(p, "/images/"), "/json")
			if nm != tag {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				w.Write([]byte(`{"message":"No such image: ` + nm + `"}`))
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"Id": "sha256:00", "RepoTags": []string{tag}})
		default:
			http.NotFound(w, r)
		}
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "unix://" + sock
}

func TestOpenDaemon(t *testing.T) {
	img := testImage(t, "amd64")
	archive := filepath.Join(t.TempDir(), "img.tar")
	if err := imagetest.WriteDockerArchive(archive, "example.com/demo:1", img); err != nil {
		t.Fatal(err)
	}
	host := dockerAPI(t, "example.com/demo:1", archive)
	ctx := context.Background()
	im, err := image.Open(ctx, "example.com/demo:1", image.WithDaemonHosts(host), image.WithTempDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer im.Close()
	if im.Source != "daemon" {
		t.Errorf("source = %q", im.Source)
	}
	if got := contents(t, im); !equal(got, wantContents) {
		t.Errorf("contents = %q", got)
	}
	// Not in the daemon: falls through to the registry, which does not exist.
	_, err = image.Open(ctx, "127.0.0.1:1/missing:1", image.WithDaemonHosts(host), image.WithInsecure(true))
	if err == nil {
		t.Fatal("expected an error for an image in neither daemon nor registry")
	}
	if _, statErr := os.Stat(archive); statErr != nil {
		t.Fatal(statErr)
	}
}
