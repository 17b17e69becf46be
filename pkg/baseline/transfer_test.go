package baseline

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func export(t testing.TB, b *Baseline, match func(Key) bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Export(&buf, match); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportImportRoundTrip(t *testing.T) {
	src := open(t)
	populate(t, src)
	doc := export(t, src, nil)
	if !bytes.HasPrefix(doc, []byte("{\n  \"schemaVersion\": 1,\n  \"models\": [")) {
		t.Fatalf("document starts %.60q", doc)
	}
	dst := open(t)
	n, err := dst.Import(bytes.NewReader(doc), ImportOptions{})
	if err != nil || n != 3 {
		t.Fatalf("Import: %d, %v", n, err)
	}
	if got := export(t, dst, nil); !bytes.Equal(got, doc) {
		t.Errorf("re-export differs:\n%s\nwant:\n%s", got, doc)
	}
	// Importing the same document again merges into identical models.
	if _, err := dst.Import(bytes.NewReader(doc), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := len(dst.Models()), 3; got != want {
		t.Errorf("%d models", got)
	}

	prodOnly := export(t, src, func(k Key) bool { return k.Cluster == "prod" })
	var parsed document
	if err := json.Unmarshal(prodOnly, &parsed); err != nil || len(parsed.Models) != 2 {
		t.Errorf("filtered export: %d models, %v", len(parsed.Models), err)
	}
	empty := export(t, src, func(Key) bool { return false })
	if !strings.Contains(string(empty), `"models": []`) {
		t.Errorf("empty export: %s", empty)
	}
}

func TestImportMergeReplace(t *testing.T) {
	web := Key{"prod", "shop", "registry.example/web", ""}
	// The document: web active knowing A and a /24; api learning.
	src := open(t)
	populate(t, src)
	doc := export(t, src, func(k Key) bool { return k == web })

	t.Run("merge", func(t *testing.T) {
		b := open(t)
		b.Observe(web, behC, t0.Add(time.Hour)) // learning, knows C only
		n, err := b.Import(bytes.NewReader(doc), ImportOptions{})
		if err != nil || n != 1 {
			t.Fatalf("%d %v", n, err)
		}
		m, _ := b.Get(web)
		if m.State != StateActive {
			t.Errorf("state %s, want the more advanced active", m.State)
		}
		for _, beh := range []Behavior{behA, behC, behD} {
			if !m.Knows(beh) {
				t.Errorf("merged model does not know %v", beh)
			}
		}
		if !m.Created.Equal(t0) || !m.LastSeen.Equal(t0.Add(time.Hour)) || !m.Updated.Equal(t0) {
			t.Errorf("created %v, last seen %v, updated %v", m.Created, m.LastSeen, m.Updated)
		}
		if v := b.Observe(web, Listen(1, "udp"), t0.Add(time.Hour+time.Second)); !v.Deviation {
			t.Errorf("verdict after import %+v", v)
		}
	})
	t.Run("merge keeps the more advanced local state", func(t *testing.T) {
		b := open(t)
		b.Observe(web, behC, t0)
		for i := 1; i <= 15; i++ {
			b.Alive(web, t0.Add(time.Duration(i)*time.Minute))
		}
		learningDoc := bytes.ReplaceAll(doc, []byte(`"state": "active"`), []byte(`"state": "learning"`))
		if _, err := b.Import(bytes.NewReader(learningDoc), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if m, _ := b.Get(web); m.State != StateActive || !m.Knows(behA) || !m.Knows(behC) {
			t.Errorf("state %s, behaviours %v", m.State, m.Behaviors)
		}
	})
	t.Run("replace", func(t *testing.T) {
		b := open(t)
		b.Observe(web, behC, t0.Add(time.Hour))
		if _, err := b.Import(bytes.NewReader(doc), ImportOptions{Replace: true}); err != nil {
			t.Fatal(err)
		}
		m, _ := b.Get(web)
		if m.State != StateActive || m.Knows(behC) || !m.Knows(behA) {
			t.Errorf("state %s, behaviours %v", m.State, m.Behaviors)
		}
	})
	t.Run("cluster override", func(t *testing.T) {
		b := open(t)
		n, err := b.Import(bytes.NewReader(doc), ImportOptions{Cluster: "staging"})
		if err != nil || n != 1 {
			t.Fatalf("%d %v", n, err)
		}
		staging := web
		staging.Cluster = "staging"
		if st, known := b.Lookup(staging, behA); st != StateActive || !known {
			t.Errorf("staging model: %s %v", st, known)
		}
		if st, _ := b.Lookup(web, behA); st != "" {
			t.Errorf("prod model imported too")
		}
		if _, err := b.Import(bytes.NewReader(doc), ImportOptions{Cluster: "bad\ncluster"}); err == nil {
			t.Error("unprintable cluster accepted")
		}
	})
	t.Run("cluster override collision", func(t *testing.T) {
		b := open(t)
		all := export(t, src, nil) // prod and dev web collapse into one key
		_, err := b.Import(bytes.NewReader(all), ImportOptions{Cluster: "x"})
		if err == nil || !strings.Contains(err.Error(), "two models for x/shop/registry.example/web") {
			t.Errorf("got %v", err)
		}
		if len(b.Models()) != 0 {
			t.Error("partial import")
		}
	})
	t.Run("imported models persist", func(t *testing.T) {
		dir := t.TempDir()
		b := openDir(t, dir)
		if _, err := b.Import(bytes.NewReader(doc), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		want := modelsJSON(t, b)
		// No Close: Import flushes by itself.
		b2 := func() *Baseline {
			b.db.Close()
			b.db = nil
			return openDir(t, dir)
		}()
		defer b2.Close()
		if got := modelsJSON(t, b2); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

func TestImportInvalid(t *testing.T) {
	model := func(edit func(m map[string]any)) string {
		m := map[string]any{
			"key":        map[string]any{"cluster": "prod", "namespace": "shop", "repository": "registry.example/app", "digest": "sha256:abcd"},
			"state":      "active",
			"created":    "2026-01-01T00:00:00Z",
			"updated":    "2026-01-01T00:00:00Z",
			"lastSeen":   "2026-01-01T00:00:00Z",
			"activeTime": "1m0s",
			"behaviors":  map[string]any{"outbound": []string{"10.0.0.0/8:443/tcp"}},
		}
		if edit != nil {
			edit(m)
		}
		out, _ := json.Marshal(m)
		return `{"schemaVersion":1,"models":[` + string(out) + `]}`
	}
	set := func(k string, v any) func(m map[string]any) { return func(m map[string]any) { m[k] = v } }
	beh := func(kind string, vals ...string) func(m map[string]any) {
		return set("behaviors", map[string]any{kind: vals})
	}
	key := func(field, v string) func(m map[string]any) {
		return func(m map[string]any) { m["key"].(map[string]any)[field] = v }
	}
	tests := []struct {
		name, doc, want string
	}{
		{"empty", "", "parsing baseline document: EOF"},
		{"not json", "hello", "invalid character"},
		{"array", "[]", "cannot unmarshal array"},
		{"no schema", `{"models":[]}`, "no schemaVersion"},
		{"schema 2", `{"schemaVersion":2,"models":[]}`, "schemaVersion 2, want 1"},
		{"no models", `{"schemaVersion":1}`, "no models list"},
		{"unknown field", `{"schemaVersion":1,"models":[],"x":1}`, `unknown field "x"`},
		{"trailing data", `{"schemaVersion":1,"models":[]} {}`, "data after the document"},
		{"model unknown field", model(set("extra", 1)), `baseline model 0: json: unknown field "extra"`},
		{"model null", `{"schemaVersion":1,"models":[null]}`, "baseline model 0"},
		{"bad duration", model(set("activeTime", "soon")), "activeTime"},
		{"negative duration", model(set("activeTime", "-1s")), "negative"},
		{"bad state", model(set("state", "sleeping")), `unknown state "sleeping"`},
		{"no repository", model(key("repository", "")), "no repository"},
		{"bad digest", model(key("digest", "abcd")), "not algorithm:hex"},
		{"control char in namespace", model(key("namespace", "a\x1bb")), "unprintable"},
		{"long cluster", model(key("cluster", strings.Repeat("c", 2000))), "longer than"},
		{"unknown kind", model(beh("dns", "x")), `unknown behaviour kind "dns"`},
		{"bad outbound", model(beh("outbound", "10.0.0.1:443")), "invalid outbound behaviour"},
		{"unmasked prefix", model(beh("outbound", "10.0.0.1/8:443/tcp")), "invalid outbound behaviour"},
		{"bad listen", model(beh("listen", "http")), "invalid listen behaviour"},
		{"bad file", model(beh("file", "/etc/passwd")), "invalid file behaviour"},
		{"process newline", model(beh("process", "/bin/sh\n<-")), "invalid process behaviour"},
		{"too many", model(beh("listen", func() []string {
			var v []string
			for i := range 600 {
				v = append(v, Listen(uint16(i), "tcp").Value)
			}
			return v
		}()...)), "600 listen behaviours, more than the limit of 512"},
		{"deviations outside trial", model(set("trialDeviations", []string{"listen 1/tcp"})), "trialDeviations in state active"},
		{"bad deviation", func() string {
			return model(func(m map[string]any) { m["state"] = "trial"; m["trialDeviations"] = []string{"listen x"} })
		}(), "invalid trial deviation"},
		{"second model invalid", strings.TrimSuffix(model(nil), "]}") + ",{}]}", "baseline model 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := open(t)
			n, err := b.Import(strings.NewReader(tt.doc), ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %d, %v; want error containing %q", n, err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") || len(err.Error()) > 400 {
				t.Errorf("error is not one short line: %q", err)
			}
			if n != 0 || len(b.Models()) != 0 {
				t.Errorf("imported %d models from an invalid document", n)
			}
		})
	}
	t.Run("valid control", func(t *testing.T) {
		b := open(t)
		if n, err := b.Import(strings.NewReader(model(nil)), ImportOptions{}); n != 1 || err != nil {
			t.Fatalf("%d %v", n, err)
		}
	})
	t.Run("unsorted duplicates are normalised", func(t *testing.T) {
		b := open(t)
		doc := model(beh("listen", "9/tcp", "10/tcp", "9/tcp"))
		if _, err := b.Import(strings.NewReader(doc), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		m, _ := b.Get(kApp)
		if !slices.Equal(m.Behaviors[KindListen], []string{"10/tcp", "9/tcp"}) {
			t.Errorf("got %q", m.Behaviors[KindListen])
		}
	})
	t.Run("too large", func(t *testing.T) {
		b := open(t)
		r := io.MultiReader(strings.NewReader(`{"schemaVersion":1,"models":[]}`), io.LimitReader(zeros{}, MaxImportSize))
		if _, err := b.Import(r, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
			t.Errorf("got %v", err)
		}
	})
}

// zeros reads as an endless run of spaces.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func FuzzImport(f *testing.F) {
	src, err := Open(f.TempDir(), WithClock(func() time.Time { return t0 }))
	if err != nil {
		f.Fatal(err)
	}
	defer src.Close()
	populate(f, src)
	var buf bytes.Buffer
	if err := src.Export(&buf, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schemaVersion":1,"models":[]}`))
	f.Add([]byte(`{"schemaVersion":1,"models":[{"key":{"cluster":"c","namespace":"n","repository":"r"},"state":"trial","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","lastSeen":"2026-01-01T00:00:00Z","activeTime":"1s","behaviors":{"outbound":["[2001:db8::/64]:53/udp","10.0.0.0/8:1/tcp"],"file":["w /x"]},"trialDeviations":["process /a<-/b"]}]}`))
	f.Add([]byte(`{"schemaVersion":1,"models":[null,{}]}`))
	f.Add([]byte(`{"schemaVersion":"1"}`))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte{})

	dst, err := Open(f.TempDir(), WithClock(func() time.Time { return t0 }))
	if err != nil {
		f.Fatal(err)
	}
	defer dst.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		replace := len(data) > 0 && data[0]%2 == 0
		n, err := dst.Import(bytes.NewReader(data), ImportOptions{Replace: replace})
		if err != nil {
			if n != 0 || strings.Contains(err.Error(), "\n") {
				t.Fatalf("n %d, error %q", n, err)
			}
			return
		}
		// Whatever was accepted exports and imports again.
		var out bytes.Buffer
		if err := dst.Export(&out, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := dst.Import(&out, ImportOptions{Replace: true}); err != nil {
			t.Fatalf("re-import of an export: %v\n%s", err, out.Bytes())
		}
	})
}
