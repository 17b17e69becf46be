package secret

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

type kwHit struct{ kw, start int }

func naiveHits(keywords []string, data []byte) []kwHit {
	lower := bytes.ToLower(data)
	var hits []kwHit
	for k, kw := range keywords {
		for i := 0; i+len(kw) <= len(lower); i++ {
			if string(lower[i:i+len(kw)]) == kw {
				hits = append(hits, kwHit{k, i})
			}
		}
	}
	return hits
}

func matcherHits(t *testing.T, keywords []string, data []byte) []kwHit {
	t.Helper()
	m, err := newMatcher(keywords)
	if err != nil {
		t.Fatal(err)
	}
	var hits []kwHit
	last := -1
	m.scan(data, func(kw, start int) {
		if end := start + len(keywords[kw]); end < last {
			t.Fatalf("hits out of end order: %d after %d", end, last)
		} else {
			last = end
		}
		hits = append(hits, kwHit{kw, start})
	})
	return hits
}

func sortHits(h []kwHit) []kwHit {
	slices.SortFunc(h, func(a, b kwHit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.kw - b.kw
	})
	return h
}

func TestMatcher(t *testing.T) {
	keywords := []string{"he", "she", "his", "hers", "sk", "ghp_", "-----", "private key-----", "a"}
	data := []byte("USHERS said: SHE has HIS ghp_ task ------ PRIVATE KEY----- aA")
	if got, want := sortHits(matcherHits(t, keywords, data)), sortHits(naiveHits(keywords, data)); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := newMatcher(nil); err != nil {
		t.Errorf("no keywords: %v", err)
	}
}

func TestMatcherRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "abcAB_-.\n"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 300 {
		var keywords []string
		for range 1 + r.IntN(8) {
			kw := string(bytes.ToLower([]byte(word(1 + r.IntN(4)))))
			if !slices.Contains(keywords, kw) {
				keywords = append(keywords, kw)
			}
		}
		n := r.IntN(200)
		if r.IntN(10) == 0 {
			n = r.IntN(3 * splitMin)
		}
		data := []byte(word(n))
		if got, want := sortHits(matcherHits(t, keywords, data)), sortHits(naiveHits(keywords, data)); !slices.Equal(got, want) {
			t.Fatalf("keywords %q data %q: got %v, want %v", keywords, data, got, want)
		}
	}
}

// TestMatcherSplit covers the two-automaton path of large inputs, with
// occurrences placed across the split point.
func TestMatcherSplit(t *testing.T) {
	keywords := []string{"private key-----", "ab", "b", "ghp_"}
	r := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{splitMin, splitMin + 1, 3*splitMin + 7} {
		mid := size / 2
		for _, at := range []int{mid - 17, mid - 16, mid - 15, mid - 2, mid - 1, mid, mid + 1, 0, size - 16} {
			data := make([]byte, size)
			for i := range data {
				data[i] = "xyz ab\n"[r.IntN(7)]
			}
			copy(data[at:], "PRIVATE KEY-----")
			if got, want := sortHits(matcherHits(t, keywords, data)), sortHits(naiveHits(keywords, data)); !slices.Equal(got, want) {
				t.Fatalf("size %d, keyword at %d: got %d hits, want %d", size, at, len(got), len(want))
			}
		}
	}
}
