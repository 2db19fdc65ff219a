package embedhash_test

import (
	"math"
	"slices"
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
	a := embedhash.HashEmbed("red running shoes for summer", embedhash.Dims)
	b := embedhash.HashEmbed("red running shoes for summer", embedhash.Dims)
	if !slices.Equal(a, b) {
		t.Fatal("same text gave different vectors")
	}
	var n float64
	for _, x := range a {
		n += float64(x) * float64(x)
	}
	if len(a) != embedhash.Dims || math.Abs(n-1) > 1e-5 {
		t.Fatalf("len %d, squared norm %f; want %d, 1", len(a), n, embedhash.Dims)
	}
	if z := embedhash.HashEmbed("the of and", embedhash.Dims); slices.ContainsFunc(z, func(x float32) bool { return x != 0 }) {
		t.Fatal("a text of stopwords only must embed to the zero vector")
	}
}
