package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// State is where a model is in its life: see the package documentation.
type State string

// The states of a model.
const (
	StateLearning State = "learning"
	StateTrial    State = "trial"
	StateActive   State = "active"
)

// rank orders states by maturity; 0 for an unknown state.
func (s State) rank() int {
	switch s {
	case StateLearning:
		return 1
	case StateTrial:
		return 2
	case StateActive:
		return 3
	}
	return 0
}

// Model is a snapshot of what containers of one Key were learned to do.
type Model struct {
	Key   Key
	State State
	// Created is the first sighting; Updated the last change to the
	// learned behaviours or the state; LastSeen the last sighting.
	Created, Updated time.Time
	// ActiveTime is the active time accrued in the current state (learning
	// and trial compare it with their durations).
	ActiveTime time.Duration
	LastSeen   time.Time
	// Behaviors holds sorted, deduplicated values per kind; outbound values
	// may be prefixes ("10.1.2.0/24:443/tcp").
	Behaviors map[Kind][]string
	// Relearns counts the trials that sent the model back to learning.
	Relearns int
	// Overflow counts behaviours not learned because their kind already
	// held the maximum (WithMaxBehaviors).
	Overflow int
	// TrialDeviations are the distinct deviations ("kind value") of the
	// current trial.
	TrialDeviations []string
}

// Knows reports whether b is part of the model: an exact value, or for
// outbound connections an address inside a learned prefix with the same
// port and protocol.
func (m *Model) Knows(b Behavior) bool {
	vals := m.Behaviors[b.Kind]
	if _, found := slices.BinarySearch(vals, b.Value); found {
		return true
	}
	if b.Kind != KindOutbound {
		return false
	}
	ep, ok := parseEndpoint(b.Value)
	if !ok || ep.cidr {
		return false
	}
	for _, v := range vals {
		if c, ok := parseEndpoint(v); ok && c.cidr && c.portProto == ep.portProto && c.prefix.Contains(ep.addr) {
			return true
		}
	}
	return false
}

// modelJSON is the wire form of a Model, in the store and in exports.
type modelJSON struct {
	Key             Key               `json:"key"`
	State           State             `json:"state"`
	Created         time.Time         `json:"created"`
	Updated         time.Time         `json:"updated"`
	LastSeen        time.Time         `json:"lastSeen"`
	ActiveTime      string            `json:"activeTime"` // a Go duration, "1h2m3s"
	Relearns        int               `json:"relearns,omitempty"`
	Overflow        int               `json:"overflow,omitempty"`
	Behaviors       map[Kind][]string `json:"behaviors"`
	TrialDeviations []string          `json:"trialDeviations,omitempty"`
}

// MarshalJSON writes the model with readable durations and UTC times.
func (m Model) MarshalJSON() ([]byte, error) {
	beh := m.Behaviors
	if beh == nil {
		beh = map[Kind][]string{}
	}
	return json.Marshal(modelJSON{
		Key: m.Key, State: m.State,
		Created: m.Created.UTC(), Updated: m.Updated.UTC(), LastSeen: m.LastSeen.UTC(),
		ActiveTime: m.ActiveTime.String(), Relearns: m.Relearns, Overflow: m.Overflow,
		Behaviors: beh, TrialDeviations: m.TrialDeviations,
	})
}

// UnmarshalJSON reads what MarshalJSON writes and rejects unknown fields;
// it does not validate the content (see validateModel).
func (m *Model) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w modelJSON
	if err := dec.Decode(&w); err != nil {
		return err
	}
	d, err := time.ParseDuration(w.ActiveTime)
	if err != nil {
		return fmt.Errorf("activeTime: %w", err)
	}
	*m = Model{
		Key: w.Key, State: w.State,
		Created: w.Created, Updated: w.Updated, LastSeen: w.LastSeen,
		ActiveTime: d, Relearns: w.Relearns, Overflow: w.Overflow,
		Behaviors: w.Behaviors, TrialDeviations: w.TrialDeviations,
	}
	return nil
}

// entry is the in-memory form of a model, shaped for Observe: a set per
// kind and the outbound prefixes grouped by "port/proto".
type entry struct {
	m     Model // Behaviors unused: the sets hold them
	sets  [numKinds]map[string]struct{}
	cidrs map[string][]netip.Prefix
	dirty bool
}

func newEntry(key Key, now time.Time) *entry {
	e := &entry{m: Model{Key: key, State: StateLearning, Created: now, Updated: now, LastSeen: now}}
	for i := range e.sets {
		e.sets[i] = map[string]struct{}{}
	}
	return e
}

// entryFrom builds an entry from a validated model.
func entryFrom(m Model) *entry {
	e := newEntry(m.Key, m.Created)
	e.m = m
	e.m.Behaviors = nil
	e.m.TrialDeviations = slices.Clone(m.TrialDeviations)
	for k, vals := range m.Behaviors {
		for _, v := range vals {
			e.add(kindIndex(k), v)
		}
	}
	return e
}

// add inserts a value with no limit or generalisation.
func (e *entry) add(ki int, v string) {
	e.sets[ki][v] = struct{}{}
	if ki != idxOutbound {
		return
	}
	if ep, ok := parseEndpoint(v); ok && ep.cidr {
		if e.cidrs == nil {
			e.cidrs = map[string][]netip.Prefix{}
		}
		e.cidrs[ep.portProto] = append(e.cidrs[ep.portProto], ep.prefix)
	}
}

// knows is Model.Knows on the sets; it does not allocate.
func (e *entry) knows(ki int, v string) bool {
	if _, ok := e.sets[ki][v]; ok {
		return true
	}
	if ki != idxOutbound || len(e.cidrs) == 0 {
		return false
	}
	ep, ok := parseEndpoint(v)
	if !ok || ep.cidr {
		return false
	}
	for _, p := range e.cidrs[ep.portProto] {
		if p.Contains(ep.addr) {
			return true
		}
	}
	return false
}

// generalise replaces the exact outbound addresses that share v's /24
// (IPv6: /64) and port/proto by the prefix once there are at least
// generaliseAt of them.
func (e *entry) generalise(v string) {
	ep, ok := parseEndpoint(v)
	if !ok || ep.cidr {
		return
	}
	bits := 24
	if ep.addr.Is6() {
		bits = 64
	}
	p, err := ep.addr.Prefix(bits)
	if err != nil {
		return
	}
	set := e.sets[idxOutbound]
	var same []string
	for s := range set {
		o, ok := parseEndpoint(s)
		if ok && !o.cidr && o.portProto == ep.portProto && o.addr.Is6() == ep.addr.Is6() && p.Contains(o.addr) {
			same = append(same, s)
		}
	}
	if len(same) < generaliseAt {
		return
	}
	for _, s := range same {
		delete(set, s)
	}
	e.add(idxOutbound, cidrValue(p, ep.portProto))
}

// generaliseAt is how many addresses of one network make it a prefix.
const generaliseAt = 4

func cidrValue(p netip.Prefix, portProto string) string {
	if p.Addr().Is6() {
		return "[" + p.String() + "]:" + portProto
	}
	return p.String() + ":" + portProto
}

// hasDeviation reports whether b is already in the trial deviations
// without building the "kind value" string.
func (e *entry) hasDeviation(b Behavior) bool {
	k := string(b.Kind)
	for _, d := range e.m.TrialDeviations {
		if len(d) == len(k)+1+len(b.Value) && strings.HasPrefix(d, k) && d[len(k)] == ' ' && d[len(k)+1:] == b.Value {
			return true
		}
	}
	return false
}

// snapshot copies the entry into a Model that shares nothing with it.
func (e *entry) snapshot() Model {
	m := e.m
	m.Behaviors = make(map[Kind][]string, numKinds)
	for i, set := range e.sets {
		if len(set) == 0 {
			continue
		}
		m.Behaviors[kinds[i]] = slices.Sorted(maps.Keys(set))
	}
	if len(e.m.TrialDeviations) > 0 {
		m.TrialDeviations = slices.Sorted(slices.Values(e.m.TrialDeviations))
	}
	return m
}
