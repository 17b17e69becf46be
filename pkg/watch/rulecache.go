package watch

import (
	"encoding/binary"
	"hash/maphash"

	"github.com/palisadesec/palisade/pkg/baseline"
	"github.com/palisadesec/palisade/pkg/enrich"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/probe"
)

// ruleCache remembers the rule matches of events by everything the rule
// input is built from except pids and times (which the evaluator strips):
// most events repeat a shape already judged, and building the input
// document costs more than the rules' own cached evaluation.
type ruleCache struct {
	seed     maphash.Seed
	buf      []byte
	cur, old map[uint64][]policy.Match
	size     int
}

func newRuleCache(size int) *ruleCache {
	return &ruleCache{seed: maphash.MakeSeed(), cur: map[uint64][]policy.Match{}, size: size}
}

func (c *ruleCache) get(k uint64) ([]policy.Match, bool) {
	if m, ok := c.cur[k]; ok {
		return m, true
	}
	if m, ok := c.old[k]; ok {
		c.put(k, m)
		return m, true
	}
	return nil, false
}

// put keeps two generations: when the current one is full it becomes the
// old one, so what is still in use survives and the rest is dropped.
func (c *ruleCache) put(k uint64, m []policy.Match) {
	if len(c.cur) >= c.size/2 {
		c.old, c.cur = c.cur, make(map[uint64][]policy.Match, c.size/2)
	}
	c.cur[k] = m
}

func (c *ruleCache) str(s string) {
	c.buf = binary.AppendUvarint(c.buf, uint64(len(s)))
	c.buf = append(c.buf, s...)
}

func (c *ruleCache) num(v uint64) { c.buf = binary.AppendUvarint(c.buf, v) }

func (c *ruleCache) flag(b bool) {
	if b {
		c.buf = append(c.buf, 1)
	} else {
		c.buf = append(c.buf, 0)
	}
}

// key hashes what ruleInput reads; keep the two in step.
func (c *ruleCache) key(ev probe.Event, p *proc, anc []*proc, wl enrich.Workload, inContainer bool, state baseline.State, known bool, kind baseline.Kind) uint64 {
	c.buf = c.buf[:0]
	c.num(uint64(ev.Type))
	c.num(uint64(ev.UID))
	c.num(uint64(ev.GID))
	c.str(ev.Comm)
	c.str(p.path)
	c.num(uint64(len(p.args)))
	for _, a := range p.args {
		c.str(a)
	}
	c.flag(ev.StdinSocket)
	c.flag(ev.StdoutSocket)
	c.flag(inContainer && ev.NSPID == 1)
	c.num(uint64(len(anc)))
	for _, a := range anc {
		c.str(a.path)
		c.str(a.comm)
	}
	for _, s := range []string{wl.Cluster, wl.Node, wl.Namespace, wl.Pod, wl.ContainerID, wl.Runtime, wl.Container, wl.Image, wl.Repository, wl.ImageDigest} {
		c.str(s)
	}
	c.flag(inContainer)
	c.str(string(state))
	c.flag(known)
	c.str(string(kind))
	c.str(ev.Protocol)
	b, _ := ev.Addr.MarshalBinary()
	c.buf = append(c.buf, b...)
	c.num(uint64(ev.Port))
	c.str(ev.Path)
	c.num(uint64(ev.Flags))
	c.num(uint64(ev.RUID))
	c.num(uint64(ev.EUID))
	c.num(uint64(ev.SUID))
	c.num(ev.CapEffective)
	c.num(ev.CapPermitted)
	c.num(ev.NSFlags)
	return maphash.Bytes(c.seed, c.buf)
}
