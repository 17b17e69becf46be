package baseline

import (
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Option configures a Baseline.
type Option func(*config)

type config struct {
	learn, trial time.Duration
	trialLimit   int
	idleGap      time.Duration
	clock        func() time.Time
	maxBehaviors int
	lockTimeout  time.Duration
}

// WithLearn sets how much active time a model learns before its trial.
// Default 1h; d <= 0 keeps the default.
func WithLearn(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.learn = d
		}
	}
}

// WithTrial sets how much active time a trial lasts. Default: a quarter of
// the learn duration; d <= 0 keeps the default.
func WithTrial(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.trial = d
		}
	}
}

// WithTrialLimit sets how many distinct deviations during a trial send a
// model back to learning. Default 3; n <= 0 keeps the default.
func WithTrialLimit(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.trialLimit = n
		}
	}
}

// WithIdleGap sets the largest gap between two sightings of a model that
// counts as active time. Default 1m; d <= 0 keeps the default.
func WithIdleGap(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.idleGap = d
		}
	}
}

// WithClock sets the clock used for what Observe and Alive are not told:
// the name of a set-aside store and the Updated time of imported models.
// Default time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithMaxBehaviors sets how many behaviours of one kind a model learns;
// beyond it learning stops adding (Model.Overflow counts what was dropped)
// while deviations are still detected. Default 512; n <= 0 keeps the
// default.
func WithMaxBehaviors(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxBehaviors = n
		}
	}
}

// WithLockTimeout sets how long Open waits for another process to release
// the store. Default 1s; d <= 0 keeps the default.
func WithLockTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.lockTimeout = d
		}
	}
}

// Verdict is what Observe concluded about one behaviour.
type Verdict struct {
	// State is the model's state after the observation.
	State State
	// Known is true when the model already held the behaviour.
	Known bool
	// Deviation is true when the behaviour is unknown to a model in trial
	// or active: the caller should alert.
	Deviation bool
	// Relearn is true when this deviation ended the trial and sent the
	// model back to learning.
	Relearn bool
}

// Baseline holds every model in memory, backed by a bbolt store. It is
// safe for concurrent use.
type Baseline struct {
	cfg config
	// io serialises writers of the store (Flush, Delete, Import, Close)
	// so that a flush of a stale snapshot cannot resurrect a deleted model.
	io sync.Mutex
	db *bolt.DB

	mu     sync.Mutex
	models map[Key]*entry
	dirty  []Key

	setAside       string
	setAsideReason error
}

// Observe records that a container of key did beh at now and says whether
// that was expected. See the package documentation for the state machine.
// A behaviour of an unknown Kind only counts as a sighting.
func (b *Baseline) Observe(key Key, beh Behavior, now time.Time) Verdict {
	ki := kindIndex(beh.Kind)
	b.mu.Lock()
	defer b.mu.Unlock()
	e := b.sight(key, now)
	v := Verdict{State: e.m.State}
	if ki < 0 {
		return v
	}
	if e.knows(ki, beh.Value) {
		v.Known = true
		return v
	}
	switch e.m.State {
	case StateLearning:
		b.learn(e, ki, beh.Value, now)
	case StateTrial:
		v.Deviation = true
		if e.hasDeviation(beh) {
			return v
		}
		e.m.TrialDeviations = append(e.m.TrialDeviations, beh.String())
		b.markDirty(e)
		if len(e.m.TrialDeviations) >= b.cfg.trialLimit {
			b.relearn(e, now)
			v.State, v.Relearn = e.m.State, true
		}
	default:
		v.Deviation = true
	}
	return v
}

// Alive records that a running container of key was seen at now, creating
// its model if needed: it accrues active time and advances the state
// machine without an event, so a quiet image still matures.
func (b *Baseline) Alive(key Key, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sight(key, now)
}

// Lookup reports the state of key's model ("" if none) and whether it
// knows beh, without changing anything.
func (b *Baseline) Lookup(key Key, beh Behavior) (state State, known bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.models[key]
	if !ok {
		return "", false
	}
	ki := kindIndex(beh.Kind)
	return e.m.State, ki >= 0 && e.knows(ki, beh.Value)
}

// Models returns a copy of every model, sorted by key.
func (b *Baseline) Models() []Model {
	b.mu.Lock()
	out := make([]Model, 0, len(b.models))
	for _, e := range b.models {
		out = append(out, e.snapshot())
	}
	b.mu.Unlock()
	slices.SortFunc(out, func(x, y Model) int { return x.Key.Compare(y.Key) })
	return out
}

// Get returns a copy of key's model.
func (b *Baseline) Get(key Key) (Model, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.models[key]
	if !ok {
		return Model{}, false
	}
	return e.snapshot(), true
}

// SetAside returns where Open moved a corrupt store, "" if it did not.
func (b *Baseline) SetAside() string { return b.setAside }

// SetAsideReason says why Open set the store aside, nil if it did not.
func (b *Baseline) SetAsideReason() error { return b.setAsideReason }

// sight finds or creates key's model, accrues active time up to now and
// advances the state machine. b.mu must be held.
func (b *Baseline) sight(key Key, now time.Time) *entry {
	e, ok := b.models[key]
	if !ok {
		e = newEntry(key, now)
		b.models[key] = e
		b.markDirty(e)
		return e
	}
	switch d := now.Sub(e.m.LastSeen); {
	case d > 0:
		e.m.ActiveTime += min(d, b.cfg.idleGap)
		e.m.LastSeen = now
		b.markDirty(e)
	case d < -b.cfg.idleGap:
		// The clock went back, or an imported model was last seen by a
		// clock ahead of ours: start over from now rather than stall.
		// Slightly out-of-order events are simply not counted.
		e.m.LastSeen = now
		b.markDirty(e)
	}
	if e.m.State == StateLearning && e.m.ActiveTime >= b.cfg.learn {
		e.m.State, e.m.ActiveTime, e.m.TrialDeviations, e.m.Updated = StateTrial, 0, nil, now
		b.markDirty(e)
	}
	if e.m.State == StateTrial && e.m.ActiveTime >= b.cfg.trial {
		e.m.State, e.m.ActiveTime, e.m.TrialDeviations, e.m.Updated = StateActive, 0, nil, now
		b.markDirty(e)
	}
	return e
}

// learn adds v to a model in learning, within the per-kind limit, and
// generalises outbound addresses.
func (b *Baseline) learn(e *entry, ki int, v string, now time.Time) {
	b.markDirty(e)
	if e.knows(ki, v) {
		return
	}
	if len(e.sets[ki]) >= b.cfg.maxBehaviors {
		e.m.Overflow++
		return
	}
	e.add(ki, v)
	e.m.Updated = now
	if ki == idxOutbound {
		e.generalise(v)
	}
}

// relearn ends a failed trial: the deviations become learned behaviour and
// learning starts over.
func (b *Baseline) relearn(e *entry, now time.Time) {
	devs := e.m.TrialDeviations
	e.m.State, e.m.ActiveTime, e.m.TrialDeviations, e.m.Updated = StateLearning, 0, nil, now
	e.m.Relearns++
	for _, d := range devs {
		k, v, _ := cutDeviation(d)
		if ki := kindIndex(k); ki >= 0 {
			b.learn(e, ki, v, now)
		}
	}
}

func cutDeviation(d string) (Kind, string, bool) {
	for i := 0; i < len(d); i++ {
		if d[i] == ' ' {
			return Kind(d[:i]), d[i+1:], true
		}
	}
	return "", "", false
}

// markDirty queues e for the next Flush. b.mu must be held.
func (b *Baseline) markDirty(e *entry) {
	if !e.dirty {
		e.dirty = true
		b.dirty = append(b.dirty, e.m.Key)
	}
}
