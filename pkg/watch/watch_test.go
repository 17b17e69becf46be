package watch

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/baseline"
	"github.com/palisadesec/palisade/pkg/enrich"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/probe"
	"github.com/palisadesec/palisade/rules"
)

// podResolver resolves the cgroup tails of a fixed set of containers, as
// the Kubernetes index would, and everything else through enrich's own
// cgroup parsing.
type podResolver map[string]enrich.Workload

func (r podResolver) Resolve(_ context.Context, tail string, _ int, _ string) (enrich.Workload, bool) {
	if wl, ok := r[tail]; ok {
		return wl, true
	}
	ref, ok := enrich.ParseCgroupPath(tail)
	return enrich.Workload{ContainerID: ref.ID, Runtime: ref.Runtime, PodUID: ref.PodUID}, ok
}

const (
	webID  = "1111111111111111111111111111111111111111111111111111111111111111"
	webTag = "pod0d1e2f30-0000-4000-8000-000000000001/" + webID
)

func engine(t *testing.T) *policy.RuntimeEvaluator {
	t.Helper()
	eng, err := policy.Load(context.Background(), []policy.Source{{Name: "rules", FS: rules.FS(), Bundled: true}})
	if err != nil {
		t.Fatal(err)
	}
	return policy.NewRuntimeEvaluator(eng)
}

func TestHandle(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1_800_000_000, 0)
	models, err := baseline.Open(t.TempDir(), baseline.WithLearn(10*time.Second), baseline.WithTrial(time.Hour), baseline.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close()
	res := podResolver{webTag: {Cluster: "prod", Node: "n1", Namespace: "shop", Pod: "web-0", Container: "web", ContainerID: webID,
		Image: "reg.example/web:1", Repository: "reg.example/web", ImageDigest: "sha256:" + strings.Repeat("a", 64)}}
	var transitions []string
	w := New(Config{Cluster: "prod", Node: "n1", Resolver: res, Models: models, Rules: engine(t), ProcRoot: t.TempDir(),
		OnModelState: func(k baseline.Key, from, to baseline.State) {
			transitions = append(transitions, string(from)+">"+string(to))
		}})

	exec := func(pid, ppid uint32, nspid uint32, path string, args ...string) probe.Event {
		now = now.Add(time.Second)
		return probe.Event{Type: probe.Exec, Time: now, PID: pid, PPID: ppid, NSPID: nspid, Comm: path[strings.LastIndex(path, "/")+1:], Cgroup: webTag, Path: path, Args: append([]string{path}, args...)}
	}
	// Learning: the app and its worker.
	for i := uint32(0); i < 12; i++ {
		if as := w.Handle(ctx, exec(100, 1, 1, "/app/server")); len(as) != 0 {
			t.Fatalf("learning raised %v", as)
		}
		now = now.Add(time.Second)
		if as := w.Handle(ctx, probe.Event{Type: probe.Connect, Time: now, PID: 100, Cgroup: webTag, Protocol: "tcp", Addr: netip.MustParseAddr("10.0.0.5"), Port: 5432}); len(as) != 0 {
			t.Fatalf("learning raised %v", as)
		}
	}
	if m, _ := models.Get(baseline.Key{Cluster: "prod", Namespace: "shop", Repository: "reg.example/web", Digest: "sha256:" + strings.Repeat("a", 64)}); m.State != baseline.StateTrial {
		t.Fatalf("model state %s after its learning time", m.State)
	}
	// Known behaviour stays quiet; a new connection is a deviation.
	if as := w.Handle(ctx, probe.Event{Type: probe.Connect, Time: now, PID: 100, Cgroup: webTag, Protocol: "tcp", Addr: netip.MustParseAddr("10.0.0.5"), Port: 5432}); len(as) != 0 {
		t.Fatalf("known connection alerted: %v", as)
	}
	as := w.Handle(ctx, probe.Event{Type: probe.Connect, Time: now, PID: 100, Cgroup: webTag, Protocol: "tcp", Addr: netip.MustParseAddr("203.0.113.9"), Port: 3333})
	ids := map[string]Alert{}
	for _, a := range as {
		ids[a.Finding.ID] = a
	}
	if a, ok := ids["PAL-RT-101"]; !ok || a.Namespace != "shop" || a.Pod != "web-0" || a.Cluster != "prod" || a.Event.Port != 3333 || a.Finding.Resource.Name != "web-0" {
		t.Fatalf("no model alert for the new destination: %+v", as)
	}
	if _, ok := ids["PAL-RT-009"]; !ok {
		t.Errorf("no rule alert (PAL-RT-009) for a mining-pool port: %+v", as)
	}
	// The same alert again is suppressed.
	if again := w.Handle(ctx, probe.Event{Type: probe.Connect, Time: now, PID: 100, Cgroup: webTag, Protocol: "tcp", Addr: netip.MustParseAddr("203.0.113.9"), Port: 3333}); len(again) != 0 {
		t.Errorf("repeated alert not suppressed: %+v", again)
	}
	// A shell exec'd into the container (not its first process): a rule
	// alert with the process tree.
	as = w.Handle(ctx, exec(200, 100, 7, "/bin/sh", "-c", "id"))
	if !hasRule(as, "PAL-RT-001") {
		t.Errorf("no shell alert: %+v", as)
	}
	for _, a := range as {
		if len(a.Tree) == 0 || a.Tree[0].Path != "/app/server" {
			t.Errorf("alert %s lacks the process tree: %+v", a.Finding.ID, a.Tree)
		}
	}
	// A host process is ignored unless Host is set.
	if as := w.Handle(ctx, probe.Event{Type: probe.Exec, Time: now, PID: 300, Cgroup: "system.slice/cron.service", Path: "/bin/sh", Args: []string{"sh"}}); len(as) != 0 {
		t.Errorf("host process alerted: %+v", as)
	}
	if st := w.Stats(); st.Ignored != 1 || st.Repeated != 2 || st.RuleErrors != 0 {
		t.Errorf("stats %+v", st)
	}
	if len(transitions) < 2 || transitions[0] != ">learning" || transitions[1] != "learning>trial" {
		t.Errorf("model transitions %v", transitions)
	}
}

func hasRule(as []Alert, id string) bool {
	for _, a := range as {
		if a.Finding.ID == id {
			return true
		}
	}
	return false
}

func TestCgroupTail(t *testing.T) {
	for in, want := range map[string]string{
		"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podab.slice/cri-containerd-" + webID + ".scope\n": "kubepods-burstable-podab.slice/cri-containerd-" + webID + ".scope",
		"4:memory:/kubepods/burstable/podab/" + webID + "\n0::/\n":                                                        "podab/" + webID,
		"0::/\n":         "/",
		"0::/init.scope": "/init.scope",
		"garbage":        "/",
	} {
		if got := cgroupTail([]byte(in)); got != want {
			t.Errorf("cgroupTail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSummariseAndDecode(t *testing.T) {
	at := time.Unix(1_800_000_000, 0).UTC()
	mk := func(cluster, pod, id string, d time.Duration) string {
		return `{"time":"` + at.Add(d).Format(time.RFC3339) + `","cluster":"` + cluster + `","namespace":"shop","pod":"` + pod +
			`","containerID":"` + webID + `","process":{"pid":1,"uid":0},"event":{"type":"connect","address":"1.2.3.4","port":80,"protocol":"tcp","direction":"outbound"},"finding":{"id":"` + id + `","type":"behavior","severity":"HIGH","message":"m"}}`
	}
	in := strings.Join([]string{mk("a", "web-0", "PAL-RT-101", 0), mk("a", "web-0", "PAL-RT-101", time.Minute), "", mk("b", "api-0", "PAL-RT-001", 0)}, "\n")
	as, err := DecodeAlerts(strings.NewReader(in), "x.jsonl")
	if err != nil || len(as) != 3 {
		t.Fatalf("decoded %d alerts, %v", len(as), err)
	}
	res := Summarise(as)
	if len(res) != 2 || res[0].Cluster != "a" || res[1].Cluster != "b" || len(res[0].Findings) != 1 || res[0].Kind != "runtime" {
		t.Fatalf("summary %+v", res)
	}
	if !strings.Contains(res[0].Findings[0].Message, "2 times") || res[0].Metadata["alerts"] != 2 {
		t.Errorf("summary of a: %+v", res[0])
	}
	if _, err := DecodeAlerts(strings.NewReader(mk("a", "p", "X", 0)+"\n{not json\n"), "bad.jsonl"); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Errorf("bad line error: %v", err)
	}
}

func FuzzDecodeAlerts(f *testing.F) {
	f.Add(`{"finding":{"id":"PAL-RT-001"}}`)
	f.Add("{}\n[]\n")
	f.Fuzz(func(t *testing.T, s string) {
		as, _ := DecodeAlerts(strings.NewReader(s), "f")
		_ = Summarise(as)
	})
}

func TestAddLearnedConnections(t *testing.T) {
	res := Summarise(nil)
	models := []baseline.Model{
		{Key: baseline.Key{Cluster: "prod", Namespace: "shop", Repository: "reg/web"}, Behaviors: map[baseline.Kind][]string{baseline.KindOutbound: {"10.0.0.5:5432/tcp", "10.1.2.0/24:443/tcp"}}},
		{Key: baseline.Key{Cluster: "prod", Namespace: "shop", Repository: "reg/idle"}, Behaviors: map[baseline.Kind][]string{baseline.KindProcess: {"/app<-(container runtime)"}}},
	}
	out := AddLearnedConnections(res, models)
	if len(out) != 1 || out[0].Cluster != "prod" {
		t.Fatalf("results %+v", out)
	}
	conns := out[0].Metadata["connections"].([]string)
	if len(conns) != 2 || conns[0] != "shop/reg/web -> 10.0.0.5:5432/tcp" || conns[1] != "shop/reg/web -> 10.1.2.0/24:443/tcp" {
		t.Errorf("connections %v", conns)
	}
}
