package embedhash_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/embedhash"
)

func TestWordsDropStopwordsAndPlurals(t *testing.T) {
	got := embedhash.Words("The Shoes of Lisbon, and our glass-bottles!")
	want := []string{"shoe", "lisbon", "glass", "bottle"}
	if !slices.Equal(got, want) {
		t.Fatalf("Words = %q, want %q", got, want)
	}
}

func TestHashEmbedIsNormalisedAndDeterministic(t *testing.T) {
	long := strings.Repeat("ab", 100) // a word longer than the n-gram buffers
	for _, text := range []string{"red running shoes for summer", "Café crème, cafés " + long, long} {
		a := embedhash.HashEmbed(text, embedhash.Dims)
		b := embedhash.HashEmbed(text, embedhash.Dims)
		if !slices.Equal(a, b) {
			t.Fatalf("%q: same text gave different vectors", text)
		}
		if n := dot(a, a); len(a) != embedhash.Dims || math.Abs(n-1) > 1e-5 {
			t.Fatalf("%q: len %d, squared norm %f; want %d, 1", text, len(a), n, embedhash.Dims)
		}
	}
	if z := embedhash.HashEmbed("the of and", embedhash.Dims); slices.ContainsFunc(z, func(x float32) bool { return x != 0 }) {
		t.Fatal("a text of stopwords only must embed to the zero vector")
	}
	if s0, s1 := embedhash.HashEmbedSeed("red shoes", embedhash.Dims, 0), embedhash.HashEmbedSeed("red shoes", embedhash.Dims, 1); !slices.Equal(s0, embedhash.HashEmbed("red shoes", embedhash.Dims)) || slices.Equal(s0, s1) {
		t.Fatal("seed 0 must be HashEmbed and seed 1 another hash function")
	}
}

// Forms of one word, compounds and misspellings share character n-grams,
// so each query is closer to the text that holds another form of its word
// than to the unrelated one; with whole-word features alone they would
// share nothing.
func TestHashEmbedMatchesWordForms(t *testing.T) {
	t.Parallel()
	cases := []struct{ query, related, unrelated string }{
		{"refunds", "the order was refunded", "glaze colours for stoneware"},
		{"shipping", "we ship on roast days", "savings account interest"},
		{"waterproof", "water resistant shell", "barista training sessions"},
		{"sustainibility", "our sustainability report", "newsletter subject line"},
		{"cafés", "café partners", "tent poles"},
	}
	for _, c := range cases {
		q := embedhash.HashEmbed(c.query, embedhash.Dims)
		rel, unrel := dot(q, embedhash.HashEmbed(c.related, embedhash.Dims)), dot(q, embedhash.HashEmbed(c.unrelated, embedhash.Dims))
		if rel < 0.2 || rel <= unrel {
			t.Errorf("%q: cosine %.3f with %q, %.3f with %q; want the first at least 0.2 and above the second", c.query, rel, c.related, unrel, c.unrelated)
		}
	}
}

// A word repeated through a text counts 1+ln(count) times, so the text is
// still about its other words.
func TestHashEmbedDampsRepeatedWords(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("boot ", 8) + "tent"
	// with raw counts the cosine with "tent" would be 1/√65 ≈ 0.12
	if c := dot(embedhash.HashEmbed(text, embedhash.Dims), embedhash.HashEmbed("tent", embedhash.Dims)); c < 0.25 {
		t.Fatalf("cosine of %q with \"tent\" is %.3f; want at least 0.25", text, c)
	}
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}
