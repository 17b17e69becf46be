package secret

import (
	"errors"
	"fmt"
	"math"
	"sync"
)

// matcher finds every occurrence of a set of lowercase keywords in one pass,
// ASCII case-insensitively. It is an Aho-Corasick automaton compiled to a
// dense DFA over byte classes: bytes that occur in no keyword share one class,
// which keeps the table small enough to stay in cache while the hot loop does
// one table load per input byte and no case conversion of the input.
type matcher struct {
	class  [256]uint8
	nclass uint32
	// trans is indexed by a premultiplied state (state*nclass) plus a byte
	// class and yields the next premultiplied state.
	trans []uint32
	// States are numbered so that every state that ends a keyword is at or
	// above firstOut, which makes "did a keyword end here?" one comparison.
	firstOut uint32
	// outs[state-firstOut] lists the keywords ending in that state.
	outs    [][]int32
	lengths []int
	maxLen  int
}

// maxMatcherStates bounds the automaton so that premultiplied state numbers
// fit in uint32 with a margin; it allows far more keyword bytes than any
// sane configuration has.
const maxMatcherStates = 1 << 20

func newMatcher(keywords []string) (*matcher, error) {
	m := &matcher{lengths: make([]int, len(keywords))}

	// Byte classes: class 0 is "no keyword has this byte". Upper-case ASCII
	// shares the class of its lower-case letter.
	var next uint8 = 1
	for _, kw := range keywords {
		for i := 0; i < len(kw); i++ {
			b := lower(kw[i])
			if m.class[b] == 0 {
				if next == math.MaxUint8 {
					return nil, errors.New("keywords use too many distinct bytes")
				}
				m.class[b] = next
				next++
			}
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		m.class[b] = m.class[b+'a'-'A']
	}
	nc := int(next)
	m.nclass = uint32(nc)

	// Trie with goto edges in a flat table; -1 marks a missing edge.
	gotoT := make([]int32, nc)
	for i := range gotoT {
		gotoT[i] = -1
	}
	var out [][]int32
	out = append(out, nil)
	nstates := 1
	for id, kw := range keywords {
		m.lengths[id] = len(kw)
		m.maxLen = max(m.maxLen, len(kw))
		s := 0
		for i := 0; i < len(kw); i++ {
			c := int(m.class[lower(kw[i])])
			if gotoT[s*nc+c] < 0 {
				if nstates >= maxMatcherStates {
					return nil, fmt.Errorf("keywords too long: more than %d automaton states", maxMatcherStates)
				}
				gotoT[s*nc+c] = int32(nstates)
				for j := 0; j < nc; j++ {
					gotoT = append(gotoT, -1)
				}
				out = append(out, nil)
				nstates++
			}
			s = int(gotoT[s*nc+c])
		}
		if len(kw) > 0 {
			out[s] = append(out[s], int32(id))
		}
	}

	// Breadth-first over the trie to fill failure transitions, turning the
	// goto table into a complete DFA and inheriting the outputs of the
	// longest proper suffix state.
	fail := make([]int32, nstates)
	queue := make([]int32, 0, nstates)
	for c := 0; c < nc; c++ {
		if t := gotoT[c]; t < 0 {
			gotoT[c] = 0
		} else {
			fail[t] = 0
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out[s] = append(out[s], out[fail[s]]...)
		for c := 0; c < nc; c++ {
			t := gotoT[int(s)*nc+c]
			f := gotoT[int(fail[s])*nc+c]
			if t < 0 {
				gotoT[int(s)*nc+c] = f
				continue
			}
			fail[t] = f
			queue = append(queue, t)
		}
	}

	// Renumber: states without output first, then states with output.
	renum := make([]uint32, nstates)
	var n uint32
	for s := 0; s < nstates; s++ {
		if len(out[s]) == 0 {
			renum[s] = n
			n++
		}
	}
	m.firstOut = n
	for s := 0; s < nstates; s++ {
		if len(out[s]) > 0 {
			renum[s] = n
			m.outs = append(m.outs, out[s])
			n++
		}
	}
	if renum[0] != 0 {
		// Only possible with an empty keyword list entry matching at the
		// root, which the construction above never records.
		return nil, errors.New("internal error: root state has output")
	}
	m.firstOut *= m.nclass
	m.trans = make([]uint32, nstates*nc)
	for s := 0; s < nstates; s++ {
		for c := 0; c < nc; c++ {
			m.trans[int(renum[s])*nc+c] = renum[gotoT[s*nc+c]] * m.nclass
		}
	}
	return m, nil
}

// scan calls hit for every keyword occurrence, in order of end offset, with
// the keyword's index and its start offset in data.
//
// A DFA step waits for the previous step's table load, so one automaton
// cannot use the CPU's parallelism. Large inputs are split in two halves
// scanned by two interleaved automata, whose independent load chains
// overlap; the second half starts early by the longest keyword so that no
// occurrence across the split is lost, and its hits are held back to keep
// the order.
func (m *matcher) scan(data []byte, hit func(kw int, start int)) {
	if m.maxLen == 0 {
		return
	}
	trans, class, firstOut := m.trans, &m.class, m.firstOut
	var s1, s2 uint32
	if len(data) < splitMin {
		for i, b := range data {
			s1 = trans[s1+uint32(class[b])]
			if s1 >= firstOut {
				m.report(s1, i+1, hit)
			}
		}
		return
	}
	mid := len(data) / 2
	j := mid - m.maxLen + 1
	hp := heldPool.Get().(*[]int)
	held := (*hp)[:0] // keyword, start pairs from the second half
	for i := 0; i < mid; i, j = i+1, j+1 {
		s1 = trans[s1+uint32(class[data[i]])]
		s2 = trans[s2+uint32(class[data[j]])]
		if s1 >= firstOut {
			m.report(s1, i+1, hit)
		}
		if s2 >= firstOut && j+1 > mid { // the first half reports what ends by mid
			for _, kw := range m.outs[(s2-firstOut)/m.nclass] {
				held = append(held, int(kw), j+1-m.lengths[kw])
			}
		}
	}
	for k := 0; k < len(held); k += 2 {
		hit(held[k], held[k+1])
	}
	*hp = held
	heldPool.Put(hp)
	// The second automaton started maxLen-1 bytes early, so it has that
	// much left.
	for ; j < len(data); j++ {
		s2 = trans[s2+uint32(class[data[j]])]
		if s2 >= firstOut {
			m.report(s2, j+1, hit)
		}
	}
}

// splitMin is the input size from which scan splits the input in two.
const splitMin = 4 << 10

var heldPool = sync.Pool{New: func() any { return new([]int) }}

// report calls hit for the keywords that end in state s at offset end.
func (m *matcher) report(s uint32, end int, hit func(kw int, start int)) {
	for _, kw := range m.outs[(s-m.firstOut)/m.nclass] {
		hit(int(kw), end-m.lengths[kw])
	}
}

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
