package baseline

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"
)

var (
	t0   = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	kApp = Key{"prod", "shop", "registry.example/app", "sha256:abcd"}
	behA = Process("/usr/bin/app", "/sbin/init")
	behB = Outbound(netip.MustParseAddr("10.9.9.9"), 5432, "tcp")
	behC = File("/etc/shadow", false)
	behD = Listen(2222, "tcp")
)

// open returns a Baseline in a fresh directory with short, explicit
// durations: learn 10m, trial 4m, idle gap 1m, 3 deviations.
func open(t testing.TB, opts ...Option) *Baseline {
	t.Helper()
	opts = append([]Option{
		WithLearn(10 * time.Minute), WithTrial(4 * time.Minute), WithIdleGap(time.Minute),
		WithTrialLimit(3), WithClock(func() time.Time { return t0 }),
	}, opts...)
	b, err := Open(t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

// step is one call in a state-machine scenario: Observe when beh is set,
// otherwise Alive.
type step struct {
	at   time.Duration
	beh  *Behavior
	want Verdict // for Alive only State is checked
}

func obs(at time.Duration, beh Behavior, want Verdict) step { return step{at, &beh, want} }
func alive(at time.Duration, s State) step                  { return step{at, nil, Verdict{State: s}} }

// aliveEvery sends Alive every minute in (from, to], expecting state s.
func aliveEvery(from, to time.Duration, s State) []step {
	var out []step
	for at := from + time.Minute; at <= to; at += time.Minute {
		out = append(out, alive(at, s))
	}
	return out
}

func seq(parts ...any) []step {
	var out []step
	for _, p := range parts {
		switch p := p.(type) {
		case step:
			out = append(out, p)
		case []step:
			out = append(out, p...)
		}
	}
	return out
}

func TestStateMachine(t *testing.T) {
	learning, trial, active := StateLearning, StateTrial, StateActive
	tests := []struct {
		name  string
		steps []step
		check func(t *testing.T, m Model)
	}{
		{
			name: "learning to trial to active",
			steps: seq(
				obs(0, behA, Verdict{State: learning}),
				obs(30*time.Second, behA, Verdict{State: learning, Known: true}),
				obs(30*time.Second, behB, Verdict{State: learning}),
				aliveEvery(0, 9*time.Minute, learning),
				obs(9*time.Minute+59*time.Second, behD, Verdict{State: learning}),
				// 10m of active time: the trial starts, and this event is judged by it.
				obs(10*time.Minute, behC, Verdict{State: trial, Deviation: true}),
				obs(10*time.Minute+time.Second, behA, Verdict{State: trial, Known: true}),
				obs(10*time.Minute+2*time.Second, behC, Verdict{State: trial, Deviation: true}),
				aliveEvery(10*time.Minute, 13*time.Minute, trial),
				alive(14*time.Minute, active),
				obs(14*time.Minute+time.Second, behB, Verdict{State: active, Known: true}),
				obs(15*time.Minute, behC, Verdict{State: active, Deviation: true}),
				obs(16*time.Minute, behC, Verdict{State: active, Deviation: true}),
			),
			check: func(t *testing.T, m Model) {
				if m.Knows(behC) {
					t.Error("a deviation was learned")
				}
				if !m.Knows(behA) || !m.Knows(behB) || !m.Knows(behD) {
					t.Errorf("behaviours %v", m.Behaviors)
				}
				if m.TrialDeviations != nil || m.Relearns != 0 {
					t.Errorf("trial deviations %v, relearns %d", m.TrialDeviations, m.Relearns)
				}
				if m.ActiveTime != 2*time.Minute {
					t.Errorf("active time %v", m.ActiveTime)
				}
				if !m.Created.Equal(t0) || !m.LastSeen.Equal(t0.Add(16*time.Minute)) || !m.Updated.Equal(t0.Add(14*time.Minute)) {
					t.Errorf("created %v updated %v last seen %v", m.Created, m.Updated, m.LastSeen)
				}
			},
		},
		{
			name: "too many deviations in trial relearn",
			steps: seq(
				obs(0, behA, Verdict{State: learning}),
				aliveEvery(0, 10*time.Minute, learning)[:9],
				alive(10*time.Minute, trial),
				obs(10*time.Minute, behB, Verdict{State: trial, Deviation: true}),
				obs(10*time.Minute, behB, Verdict{State: trial, Deviation: true}), // not distinct
				obs(10*time.Minute, behC, Verdict{State: trial, Deviation: true}),
				obs(11*time.Minute, behD, Verdict{State: learning, Deviation: true, Relearn: true}),
				obs(11*time.Minute, behB, Verdict{State: learning, Known: true}),
				obs(11*time.Minute, behD, Verdict{State: learning, Known: true}),
				aliveEvery(11*time.Minute, 20*time.Minute, learning),
				alive(21*time.Minute, trial),
			),
			check: func(t *testing.T, m Model) {
				if m.Relearns != 1 || m.TrialDeviations != nil {
					t.Errorf("relearns %d, deviations %v", m.Relearns, m.TrialDeviations)
				}
				for _, b := range []Behavior{behA, behB, behC, behD} {
					if !m.Knows(b) {
						t.Errorf("%v not learned", b)
					}
				}
			},
		},
		{
			name: "trial deviations are recorded until the trial ends",
			steps: seq(
				obs(0, behA, Verdict{State: learning}),
				aliveEvery(0, 10*time.Minute, learning)[:9],
				obs(10*time.Minute, behB, Verdict{State: trial, Deviation: true}),
				obs(11*time.Minute, behC, Verdict{State: trial, Deviation: true}),
			),
			check: func(t *testing.T, m Model) {
				want := []string{"file r /etc/shadow", "outbound 10.9.9.9:5432/tcp"}
				if !slices.Equal(m.TrialDeviations, want) {
					t.Errorf("trial deviations %q, want %q", m.TrialDeviations, want)
				}
				if m.Knows(behB) || m.ActiveTime != time.Minute {
					t.Errorf("deviation learned or active time %v", m.ActiveTime)
				}
			},
		},
		{
			name: "idle gaps are capped",
			steps: seq(
				obs(0, behA, Verdict{State: learning}),
				obs(2*time.Hour, behA, Verdict{State: learning, Known: true}),
				obs(2*time.Hour+30*time.Second, behA, Verdict{State: learning, Known: true}),
				alive(5*time.Hour, learning),
			),
			check: func(t *testing.T, m Model) {
				if m.ActiveTime != 2*time.Minute+30*time.Second {
					t.Errorf("active time %v", m.ActiveTime)
				}
			},
		},
		{
			name: "alive alone creates, accrues and matures a model",
			steps: seq(
				alive(0, learning),
				aliveEvery(0, 9*time.Minute, learning),
				alive(10*time.Minute, trial),
				aliveEvery(10*time.Minute, 13*time.Minute, trial),
				alive(14*time.Minute, active),
				obs(15*time.Minute, behA, Verdict{State: active, Deviation: true}),
			),
			check: func(t *testing.T, m Model) {
				if len(m.Behaviors) != 0 {
					t.Errorf("behaviours %v", m.Behaviors)
				}
			},
		},
		{
			name: "events out of order do not count twice",
			steps: seq(
				obs(0, behA, Verdict{State: learning}),
				obs(time.Minute, behA, Verdict{State: learning, Known: true}),
				obs(50*time.Second, behA, Verdict{State: learning, Known: true}),
				obs(70*time.Second, behA, Verdict{State: learning, Known: true}),
			),
			check: func(t *testing.T, m Model) {
				if m.ActiveTime != 70*time.Second || !m.LastSeen.Equal(t0.Add(70*time.Second)) {
					t.Errorf("active time %v, last seen %v", m.ActiveTime, m.LastSeen)
				}
			},
		},
		{
			name: "a clock set far back restarts the gap",
			steps: seq(
				obs(time.Hour, behA, Verdict{State: learning}),
				obs(0, behA, Verdict{State: learning, Known: true}),
				obs(30*time.Second, behA, Verdict{State: learning, Known: true}),
			),
			check: func(t *testing.T, m Model) {
				if m.ActiveTime != 30*time.Second {
					t.Errorf("active time %v", m.ActiveTime)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := open(t)
			for i, s := range tt.steps {
				now := t0.Add(s.at)
				if s.beh == nil {
					b.Alive(kApp, now)
					if st, _ := b.Lookup(kApp, behA); st != s.want.State {
						t.Fatalf("step %d: Alive at %v: state %s, want %s", i, s.at, st, s.want.State)
					}
					continue
				}
				if got := b.Observe(kApp, *s.beh, now); got != s.want {
					t.Fatalf("step %d: Observe(%v) at %v = %+v, want %+v", i, *s.beh, s.at, got, s.want)
				}
			}
			m, ok := b.Get(kApp)
			if !ok {
				t.Fatal("no model")
			}
			tt.check(t, m)
		})
	}
}

func TestDefaults(t *testing.T) {
	b, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c := b.cfg
	if c.learn != time.Hour || c.trial != 15*time.Minute || c.trialLimit != 3 || c.idleGap != time.Minute ||
		c.maxBehaviors != 512 || c.lockTimeout != time.Second || c.clock == nil {
		t.Errorf("got %+v", c)
	}
}

func TestKeysAreSeparate(t *testing.T) {
	b := open(t)
	dev := kApp
	dev.Cluster = "dev"
	b.Observe(dev, behA, t0)
	if st, known := b.Lookup(kApp, behA); st != "" || known {
		t.Errorf("prod model from a dev event: %q %v", st, known)
	}
	if st, known := b.Lookup(dev, behA); st != StateLearning || !known {
		t.Errorf("dev: %q %v", st, known)
	}
	if st, known := b.Lookup(dev, Behavior{"dns", "x"}); st != StateLearning || known {
		t.Errorf("unknown kind: %q %v", st, known)
	}
	if v := b.Observe(dev, Behavior{"dns", "x"}, t0); v != (Verdict{State: StateLearning}) {
		t.Errorf("unknown kind verdict %+v", v)
	}
}

func TestGeneralisation(t *testing.T) {
	out := func(a string, port uint16) Behavior { return Outbound(netip.MustParseAddr(a), port, "tcp") }
	tests := []struct {
		name    string
		learn   []Behavior
		want    []string
		known   []Behavior
		unknown []Behavior
	}{
		{
			name:  "four addresses of a /24",
			learn: []Behavior{out("10.1.2.1", 443), out("10.1.2.7", 443), out("10.1.2.9", 443), out("10.1.2.200", 443), out("10.1.3.1", 443)},
			want:  []string{"10.1.2.0/24:443/tcp", "10.1.3.1:443/tcp"},
			known: []Behavior{out("10.1.2.100", 443), out("10.1.2.1", 443)},
			unknown: []Behavior{
				out("10.1.2.100", 80), Outbound(netip.MustParseAddr("10.1.2.100"), 443, "udp"), out("10.1.4.1", 443),
			},
		},
		{
			name:    "three are not enough",
			learn:   []Behavior{out("10.1.2.1", 443), out("10.1.2.2", 443), out("10.1.2.3", 443), out("10.1.2.4", 80)},
			want:    []string{"10.1.2.1:443/tcp", "10.1.2.2:443/tcp", "10.1.2.3:443/tcp", "10.1.2.4:80/tcp"},
			unknown: []Behavior{out("10.1.2.5", 443)},
		},
		{
			name:    "ipv6 /64",
			learn:   []Behavior{out("2001:db8:0:1::1", 53), out("2001:db8:0:1::2", 53), out("2001:db8:0:1:ffff::3", 53), out("2001:db8:0:1::4", 53)},
			want:    []string{"[2001:db8:0:1::/64]:53/tcp"},
			known:   []Behavior{out("2001:db8:0:1:abcd::1", 53)},
			unknown: []Behavior{out("2001:db8:0:2::1", 53)},
		},
		{
			name:  "known addresses inside the prefix are not added",
			learn: []Behavior{out("10.0.0.1", 1), out("10.0.0.2", 1), out("10.0.0.3", 1), out("10.0.0.4", 1), out("10.0.0.5", 1), out("10.0.0.6", 1)},
			want:  []string{"10.0.0.0/24:1/tcp"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := open(t)
			for _, beh := range tt.learn {
				b.Observe(kApp, beh, t0)
			}
			m, _ := b.Get(kApp)
			if got := m.Behaviors[KindOutbound]; !slices.Equal(got, tt.want) {
				t.Errorf("learned %q, want %q", got, tt.want)
			}
			for _, beh := range tt.known {
				if _, known := b.Lookup(kApp, beh); !known || !m.Knows(beh) {
					t.Errorf("%v not known", beh)
				}
			}
			for _, beh := range tt.unknown {
				if _, known := b.Lookup(kApp, beh); known || m.Knows(beh) {
					t.Errorf("%v known", beh)
				}
			}
		})
	}
}

func TestGeneralisationOnlyWhileLearning(t *testing.T) {
	b := open(t, WithTrialLimit(10))
	b.Observe(kApp, behA, t0)
	for i := 1; i <= 10; i++ {
		b.Alive(kApp, t0.Add(time.Duration(i)*time.Minute))
	}
	for i := 1; i <= 4; i++ {
		v := b.Observe(kApp, Outbound(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}), 443, "tcp"), t0.Add(10*time.Minute))
		if !v.Deviation || v.State != StateTrial {
			t.Fatalf("verdict %+v", v)
		}
	}
	if _, known := b.Lookup(kApp, Outbound(netip.MustParseAddr("10.0.0.99"), 443, "tcp")); known {
		t.Error("trial deviations were generalised")
	}
}

func TestMaxBehaviors(t *testing.T) {
	b := open(t, WithMaxBehaviors(2))
	for i := range 3 {
		b.Observe(kApp, Process(fmt.Sprintf("/bin/p%d", i), ""), t0)
	}
	b.Observe(kApp, behD, t0) // another kind has its own limit
	m, _ := b.Get(kApp)
	if len(m.Behaviors[KindProcess]) != 2 || m.Overflow != 1 || len(m.Behaviors[KindListen]) != 1 {
		t.Fatalf("behaviours %v, overflow %d", m.Behaviors, m.Overflow)
	}
	for i := 1; i <= 10; i++ {
		b.Alive(kApp, t0.Add(time.Duration(i)*time.Minute))
	}
	if v := b.Observe(kApp, Process("/bin/p2", ""), t0.Add(10*time.Minute)); !v.Deviation {
		t.Errorf("overflowed behaviour in trial: %+v", v)
	}
}

func TestConcurrentUse(t *testing.T) {
	b := open(t)
	keys := []Key{kApp, {"dev", "shop", "registry.example/app", ""}, {"prod", "db", "postgres", ""}}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				now := t0.Add(time.Duration(i) * time.Second)
				k := keys[(g+i)%len(keys)]
				switch g {
				case 0:
					b.Observe(k, Process(fmt.Sprintf("/bin/p%d", i%50), ""), now)
				case 1:
					b.Alive(k, now)
					b.Lookup(k, behA)
				case 2:
					if i%100 == 0 {
						if err := b.Flush(); err != nil {
							t.Error(err)
						}
						b.Models()
					}
				case 3:
					if i%500 == 0 {
						var buf bytes.Buffer
						if err := b.Export(&buf, func(k Key) bool { return k.Cluster == "prod" }); err != nil {
							t.Error(err)
						}
						if _, err := b.Import(&buf, ImportOptions{Cluster: "copy"}); err != nil {
							t.Error(err)
						}
						b.Delete(Key{"copy", "db", "postgres", ""})
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(b.Models()) < len(keys) {
		t.Errorf("%d models", len(b.Models()))
	}
}

func BenchmarkObserveKnown(b *testing.B) {
	bl := open(b)
	behs := []Behavior{behA, behB, behC, behD, Outbound(netip.MustParseAddr("10.1.2.3"), 443, "tcp")}
	for _, beh := range behs {
		bl.Observe(kApp, beh, t0)
	}
	for i := 1; i <= 15; i++ {
		bl.Alive(kApp, t0.Add(time.Duration(i)*time.Minute))
	}
	if st, _ := bl.Lookup(kApp, behA); st != StateActive {
		b.Fatalf("state %s", st)
	}
	now := t0.Add(time.Hour)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		now = now.Add(50 * time.Microsecond)
		if v := bl.Observe(kApp, behs[i%len(behs)], now); !v.Known {
			b.Fatal("unknown")
		}
		i++
	}
}

func BenchmarkObserveKnownCIDR(b *testing.B) {
	bl := open(b)
	for i := 1; i <= 4; i++ {
		bl.Observe(kApp, Outbound(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}), 443, "tcp"), t0)
	}
	beh := Outbound(netip.MustParseAddr("10.0.0.77"), 443, "tcp")
	now := t0
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(50 * time.Microsecond)
		if v := bl.Observe(kApp, beh, now); !v.Known {
			b.Fatal("unknown")
		}
	}
}
