package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"
)

// EventTypes are the runtime event types a runtime rule may list in
// custom.events, and the values of input.event.type.
var EventTypes = slices.Clone(eventTypes[:])

var eventTypes = [...]string{"exec", "exit", "connect", "accept", "listen", "open", "setuid", "capset", "setns", "unshare"}

func eventIndex(t string) int { return slices.Index(eventTypes[:], t) }

// VolatileKeys are the input keys the RuntimeEvaluator removes, at every
// depth, before rules see an event: process IDs and timestamps differ
// between events that are otherwise the same, and leaving them out is what
// lets one evaluation answer for all of them. Rules therefore cannot
// mention pids or times in their messages; the caller attaches them to the
// alert from the event it kept.
var VolatileKeys = []string{"pid", "ppid", "tid", "time"}

func volatile(k string) bool {
	switch k {
	case "pid", "ppid", "tid", "time":
		return true
	}
	return false
}

// maxInputDepth bounds the nesting of a runtime input (a map that contains
// itself would otherwise never finish hashing).
const maxInputDepth = 32

// RuntimeOption configures a RuntimeEvaluator.
type RuntimeOption func(*RuntimeEvaluator)

// WithCacheSize bounds the number of distinct inputs whose matches are
// remembered (default 4096); 0 or less turns the cache off.
func WithCacheSize(n int) RuntimeOption { return func(r *RuntimeEvaluator) { r.size = n } }

// RuntimeEvaluator evaluates the runtime rules of an Engine against one
// event at a time, fast enough for a probe's event stream. It is safe for
// concurrent use.
//
// Only the rules whose custom.events include the event's type run; one
// query per event type is prepared on first use. Before evaluation every
// key in VolatileKeys is removed from the input, at every depth (event.time,
// process.pid, process.ppid, ancestors[].pid, ...). Rules are pure
// functions of what remains, so the matches of an input are remembered,
// keyed by a seeded 64-bit hash of its canonical form (maps as unordered
// entry sets, numbers by value), and an event that differs from a
// remembered one only in volatile fields is answered without running Rego. The cache
// keeps between half and all of the last WithCacheSize distinct inputs
// (two generations: a full current map becomes the old one and the old one
// is dropped; a hit in the old one moves the entry forward).
type RuntimeEvaluator struct {
	e    *Engine
	size int
	seed maphash.Seed

	preps [len(eventTypes)]atomic.Pointer[prepared]

	mu       sync.Mutex
	cur, old map[uint64][]Match

	evals, hits atomic.Uint64
}

// NewRuntimeEvaluator returns an evaluator of e's runtime rules.
func NewRuntimeEvaluator(e *Engine, opts ...RuntimeOption) *RuntimeEvaluator {
	r := &RuntimeEvaluator{e: e, size: 4096, seed: maphash.MakeSeed()}
	for _, o := range opts {
		o(r)
	}
	if r.size > 0 {
		r.cur = make(map[uint64][]Match, r.half())
	}
	return r
}

func (r *RuntimeEvaluator) half() int { return max(r.size/2, 1) }

// Stats returns how many events Eval was asked about and how many of them
// were answered from the cache.
func (r *RuntimeEvaluator) Stats() (evals, cacheHits uint64) {
	return r.evals.Load(), r.hits.Load()
}

// Applies reports whether any loaded runtime rule looks at events of
// eventType, so a caller can skip building an input nobody reads.
func (r *RuntimeEvaluator) Applies(eventType string) bool {
	i := eventIndex(eventType)
	if i < 0 {
		return false
	}
	for _, rule := range r.e.rules {
		if rule.Input == InputRuntime && rule.AppliesToEvent(eventType) {
			return true
		}
	}
	return false
}

// Eval evaluates the runtime rules that look at eventType against input,
// the rule input documented in rules/README.md; input.event.type must be
// eventType. input is not modified. The matches' messages never depend on
// volatile fields (see RuntimeEvaluator). The returned slice is the
// caller's.
func (r *RuntimeEvaluator) Eval(ctx context.Context, eventType string, input map[string]any) ([]Match, error) {
	r.evals.Add(1)
	i := eventIndex(eventType)
	if i < 0 {
		return nil, fmt.Errorf("runtime event type %q: want one of exec, exit, connect, accept, listen, open, setuid, capset, setns, unshare", eventType)
	}
	if ev, _ := input["event"].(map[string]any); ev == nil || ev["type"] != eventType {
		return nil, fmt.Errorf("runtime input: event.type is %v, want %q", eventTypeOf(input), eventType)
	}
	p := r.preps[i].Load()
	if p == nil {
		p = r.e.prepare(ctx, InputRuntime, eventType)
		r.preps[i].Store(p)
	}
	if p.err != nil {
		return nil, p.err
	}
	if len(p.rules) == 0 {
		return nil, nil
	}
	var key uint64
	if r.size > 0 {
		var err error
		if key, err = r.hash(input); err != nil {
			return nil, err
		}
		if ms, ok := r.lookup(key); ok {
			r.hits.Add(1)
			return slices.Clone(ms), nil
		}
	}
	v, err := strippedValue(input, 0)
	if err != nil {
		return nil, fmt.Errorf("runtime input: %w", err)
	}
	ms, err := r.e.evalValue(ctx, p, InputRuntime, v)
	if err != nil {
		// Not remembered: a timeout or a failing rule may not recur.
		return ms, err
	}
	if r.size > 0 {
		r.store(key, slices.Clip(ms))
	}
	return slices.Clone(ms), nil
}

func eventTypeOf(input map[string]any) any {
	if ev, ok := input["event"].(map[string]any); ok && ev["type"] != nil {
		return fmt.Sprintf("%q", ev["type"])
	}
	return "missing"
}

func (r *RuntimeEvaluator) lookup(k uint64) ([]Match, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ms, ok := r.cur[k]; ok {
		return ms, true
	}
	if ms, ok := r.old[k]; ok {
		delete(r.old, k)
		r.putLocked(k, ms)
		return ms, true
	}
	return nil, false
}

func (r *RuntimeEvaluator) store(k uint64, ms []Match) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.putLocked(k, ms)
}

func (r *RuntimeEvaluator) putLocked(k uint64, ms []Match) {
	if _, ok := r.cur[k]; !ok && len(r.cur) >= r.half() {
		r.old, r.cur = r.cur, make(map[uint64][]Match, r.half())
	}
	r.cur[k] = ms
}

// hash is the cache key of input without its volatile keys: a seeded 64-bit
// hash of its canonical form (maps as unordered sets of entries, numbers by
// value, a type tag on every value). Two different inputs share a key with
// probability about 2^-64 per pair, far below anything the event rate
// reaches, and the seed is random, so nobody outside the process can aim
// for a collision. Hashing walks the map directly: no encoding, no sorting,
// no allocation.
func (r *RuntimeEvaluator) hash(input map[string]any) (uint64, error) {
	h, err := hashValue(r.seed, input, 0)
	if err != nil {
		return 0, fmt.Errorf("runtime input: %w", err)
	}
	return h, nil
}

// Type tags of the canonical form.
const (
	tagNull uint64 = iota + 0x70616c697361
	tagFalse
	tagTrue
	tagInt
	tagUint
	tagFloat
	tagString
	tagArray
	tagObject
	tagJSON
)

var errTooDeep = errors.New("nested deeper than 32 levels")

func hashValue(seed maphash.Seed, v any, depth int) (uint64, error) {
	if depth > maxInputDepth {
		return 0, errTooDeep
	}
	switch x := v.(type) {
	case nil:
		return mix(tagNull, 0), nil
	case bool:
		if x {
			return mix(tagTrue, 0), nil
		}
		return mix(tagFalse, 0), nil
	case string:
		return hashString(seed, x), nil
	case int:
		return hashInt(int64(x)), nil
	case int8:
		return hashInt(int64(x)), nil
	case int16:
		return hashInt(int64(x)), nil
	case int32:
		return hashInt(int64(x)), nil
	case int64:
		return hashInt(x), nil
	case uint:
		return hashUint(uint64(x)), nil
	case uint8:
		return hashUint(uint64(x)), nil
	case uint16:
		return hashUint(uint64(x)), nil
	case uint32:
		return hashUint(uint64(x)), nil
	case uint64:
		return hashUint(x), nil
	case float32:
		return hashFloat(float64(x)), nil
	case float64:
		return hashFloat(x), nil
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return hashInt(i), nil
		}
		if f, err := x.Float64(); err == nil {
			return hashFloat(f), nil
		}
		return mix(tagJSON, maphash.String(seed, string(x))), nil
	case []any:
		acc := mix(tagArray, uint64(len(x)))
		for _, e := range x {
			h, err := hashValue(seed, e, depth+1)
			if err != nil {
				return 0, err
			}
			acc = mix(acc, h)
		}
		return acc, nil
	case []string:
		acc := mix(tagArray, uint64(len(x)))
		for _, e := range x {
			acc = mix(acc, hashString(seed, e))
		}
		return acc, nil
	case map[string]any:
		// Entries are summed: the order of a Go map's iteration, or of the
		// caller's construction, cannot matter.
		var sum, n uint64
		for k, e := range x {
			if volatile(k) {
				continue
			}
			h, err := hashValue(seed, e, depth+1)
			if err != nil {
				return 0, err
			}
			sum += mix(maphash.String(seed, k), h)
			n++
		}
		return mix(mix(tagObject, n), sum), nil
	case map[string]string:
		var sum, n uint64
		for k, e := range x {
			if !volatile(k) {
				sum += mix(maphash.String(seed, k), hashString(seed, e))
				n++
			}
		}
		return mix(mix(tagObject, n), sum), nil
	}
	// Anything else (a struct, a typed slice) is hashed as the JSON rules
	// would see; volatile fields inside it then count, which costs cache
	// hits, never correctness.
	b, err := json.Marshal(v)
	if err != nil {
		return 0, fmt.Errorf("value of type %T: %w", v, err)
	}
	return mix(tagJSON, maphash.Bytes(seed, b)), nil
}

func hashInt(i int64) uint64 { return mix(tagInt, uint64(i)) }

func hashUint(u uint64) uint64 {
	if u <= math.MaxInt64 {
		return hashInt(int64(u))
	}
	return mix(tagUint, u)
}

// hashFloat hashes integral floats as integers: Rego compares numbers by
// value, so 443 and 443.0 are the same input.
func hashFloat(f float64) uint64 {
	if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
		return hashInt(int64(f))
	}
	return mix(tagFloat, math.Float64bits(f))
}

// mix combines two hashes. For either argument fixed it is a bijection of
// the other (an odd multiplier, xor and fmix64 all are), so no input is
// absorbed.
func mix(a, b uint64) uint64 { return fmix64(a*0x9e3779b97f4a7c15 ^ b) }

// hashString is maphash's (seeded) hash of s, tagged so that strings and
// numbers do not share hashes by construction.
func hashString(seed maphash.Seed, s string) uint64 { return maphash.String(seed, s) ^ tagString }

// fmix64 is MurmurHash3's finalizer: a bijection that spreads every input
// bit over the output.
func fmix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// strippedValue converts a runtime input to a Rego value without its
// volatile keys.
func strippedValue(v any, depth int) (ast.Value, error) {
	if depth > maxInputDepth {
		return nil, errTooDeep
	}
	switch x := v.(type) {
	case nil:
		return ast.NullValue, nil
	case bool:
		return ast.Boolean(x), nil
	case string:
		return ast.String(x), nil
	case int:
		return intValue(int64(x)), nil
	case int8:
		return intValue(int64(x)), nil
	case int16:
		return intValue(int64(x)), nil
	case int32:
		return intValue(int64(x)), nil
	case int64:
		return intValue(x), nil
	case uint:
		return uintValue(uint64(x)), nil
	case uint8:
		return uintValue(uint64(x)), nil
	case uint16:
		return uintValue(uint64(x)), nil
	case uint32:
		return uintValue(uint64(x)), nil
	case uint64:
		return uintValue(x), nil
	case float32:
		return floatValue(float64(x))
	case float64:
		return floatValue(x)
	case json.Number:
		return ast.Number(x), nil
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			ev, err := strippedValue(e, depth+1)
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(ev)
		}
		return ast.NewArray(terms...), nil
	case []string:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			terms[i] = ast.StringTerm(e)
		}
		return ast.NewArray(terms...), nil
	case map[string]any:
		obj := ast.NewObject()
		for k, e := range x {
			if volatile(k) {
				continue
			}
			ev, err := strippedValue(e, depth+1)
			if err != nil {
				return nil, err
			}
			obj.Insert(ast.StringTerm(k), ast.NewTerm(ev))
		}
		return obj, nil
	case map[string]string:
		obj := ast.NewObject()
		for k, e := range x {
			if !volatile(k) {
				obj.Insert(ast.StringTerm(k), ast.StringTerm(e))
			}
		}
		return obj, nil
	}
	// Other numbers, structs and typed collections: through JSON, as OPA
	// itself would convert them, then stripped like the rest.
	g := v
	if err := util.RoundTrip(&g); err != nil {
		return nil, fmt.Errorf("value of type %T: %w", v, err)
	}
	switch g.(type) {
	case map[string]any, []any, nil, bool, string, json.Number:
		return strippedValue(g, depth)
	}
	return nil, fmt.Errorf("value of type %T cannot be converted", v)
}

func intValue(i int64) ast.Value { return ast.Number(strconv.FormatInt(i, 10)) }

func uintValue(u uint64) ast.Value { return ast.Number(strconv.FormatUint(u, 10)) }

func floatValue(f float64) (ast.Value, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("number %v is not JSON", f)
	}
	return ast.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
}
