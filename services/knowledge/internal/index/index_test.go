package index_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

func TestSearchSeesOnlyTheCompany(t *testing.T) {
	t.Parallel()
	x := index.New(index.Options{})
	upsert(t, x, filler("other", 50)...)
	upsert(t, x, mk("acme", "a1", "Our return policy lets customers return unworn shoes within 30 days."),
		mk("acme", "a2", "The brand voice is warm, direct and never sarcastic."))
	for _, m := range modes {
		hits := x.Search("acme", query("red running shoes summer", m, 10, domain.SearchFilter{}))
		for _, h := range hits {
			if h.Chunk.CompanyID != "acme" {
				t.Fatalf("%s: hit %s of company %s", m, h.Chunk.ID, h.Chunk.CompanyID)
			}
		}
		if len(hits) == 0 || hits[0].Chunk.ID != "a1" {
			t.Fatalf("%s: hits %q, want a1 first", m, ids(hits))
		}
	}
	if hits := x.Search("nobody", query("shoes", domain.ModeHybrid, 5, domain.SearchFilter{})); len(hits) != 0 {
		t.Fatalf("unknown company has hits %q", ids(hits))
	}
}

// A filter applied after a top-k would find nothing here: 200 chunks match
// better than the one the filter admits.
func TestFiltersApplyBeforeRanking(t *testing.T) {
	t.Parallel()
	x := index.New(index.Options{})
	upsert(t, x, filler("acme", 200, tags("catalog"), agents("agent-a"), source("s-catalog"))...)
	upsert(t, x, mk("acme", "voice", "Running shoes copy should sound upbeat.", tags("style"), agents("agent-b"), source("s-style")),
		mk("acme", "shared", "Shoes are always described with their material.", tags("style"), source("s-shared")))
	cases := []struct {
		name string
		f    domain.SearchFilter
		want []string
	}{
		{"tag", domain.SearchFilter{Tags: []string{"style"}}, []string{"voice", "shared"}},
		{"any of tags", domain.SearchFilter{Tags: []string{"nope", "style"}}, []string{"voice", "shared"}},
		{"agent sees its own and shared chunks", domain.SearchFilter{AgentID: "agent-b"}, []string{"voice", "shared"}},
		{"source", domain.SearchFilter{SourceIDs: []string{"s-shared"}}, []string{"shared"}},
		{"combined", domain.SearchFilter{Tags: []string{"style"}, AgentID: "agent-a"}, []string{"shared"}},
	}
	for _, tc := range cases {
		for _, m := range modes {
			hits := x.Search("acme", query("red running shoes", m, 2, tc.f))
			got := ids(hits)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s/%s: hits %q, want %q", tc.name, m, got, want)
			}
		}
	}
}

func TestDeletesAndReplacementsTakeEffectAtOnce(t *testing.T) {
	t.Parallel()
	x := index.New(index.Options{})
	upsert(t, x, mk("acme", "c1", "Lisbon flagship store opening hours"), mk("acme", "c2", "Porto store opening hours", source("s2")),
		mk("acme", "c3", "Porto warehouse address", source("s2")))
	if n := x.Delete("acme", "c1", "missing"); n != 1 {
		t.Fatalf("Delete removed %d, want 1", n)
	}
	for _, m := range modes {
		if got := ids(x.Search("acme", query("Lisbon flagship", m, 5, domain.SearchFilter{}))); slices.Contains(got, "c1") {
			t.Fatalf("%s: deleted chunk still found: %q", m, got)
		}
	}
	upsert(t, x, mk("acme", "c2", "Madrid pop-up store hours"))
	if got := ids(x.Search("acme", query("Porto", domain.ModeKeyword, 5, domain.SearchFilter{}))); !slices.Equal(got, []string{"c3"}) {
		t.Fatalf("after replacing c2, Porto finds %q, want [c3]", got)
	}
	if got := ids(x.Search("acme", query("Madrid", domain.ModeKeyword, 5, domain.SearchFilter{}))); !slices.Equal(got, []string{"c2"}) {
		t.Fatalf("replacement not searchable: %q", got)
	}
	if n := x.DeleteSource("acme", "s2"); n != 1 { // c2 moved to src-c2 when replaced
		t.Fatalf("DeleteSource removed %d, want 1", n)
	}
	if s := x.Stats(); s.Chunks != 1 || s.PerCompany["acme"].Chunks != 1 {
		t.Fatalf("stats %+v, want 1 chunk", s)
	}
}

func TestManyDeletesCompactWithoutLosingChunks(t *testing.T) {
	t.Parallel()
	x := index.New(index.Options{})
	all := filler("acme", 1000)
	upsert(t, x, all...)
	before := x.Stats().Bytes
	var gone []string
	for i := 0; i < 1000; i++ {
		if i%5 != 0 {
			gone = append(gone, all[i].ID)
		}
	}
	if n := x.Delete("acme", gone...); n != 800 {
		t.Fatalf("deleted %d, want 800", n)
	}
	if s := x.Stats(); s.Chunks != 200 || s.Bytes*3 > before {
		t.Fatalf("stats after deletes %+v (before %d bytes): want 200 chunks in well under half the bytes", s, before)
	}
	for _, m := range modes {
		for _, want := range []string{"acme-fill-0", "acme-fill-555", "acme-fill-995"} {
			c := all[slices.IndexFunc(all, func(c domain.Chunk) bool { return c.ID == want })]
			hits := x.Search("acme", query(c.Content, m, 1, domain.SearchFilter{}))
			if len(hits) != 1 || hits[0].Chunk.ID != want {
				t.Fatalf("%s: %q finds %q", m, want, ids(hits))
			}
		}
	}
}

func TestHybridRewardsAgreement(t *testing.T) {
	t.Parallel()
	x := index.New(index.Options{RRFK: 60, Depth: 10, VectorWeight: 1})
	upsert(t, x, mk("acme", "both", "Tone of voice: warm and confident, never pushy.", tags("voice")),
		mk("acme", "kw", "Pushy pushy pushy sales tactics are banned."),
		mk("acme", "other", "Packaging uses recycled cardboard."))
	hits := x.Search("acme", query("warm confident tone never pushy", domain.ModeHybrid, 3, domain.SearchFilter{}))
	if len(hits) < 2 || hits[0].Chunk.ID != "both" {
		t.Fatalf("hybrid hits %q, want the chunk both rankings like first", ids(hits))
	}
	if want := 2.0 / 61; hits[0].Score < want-1e-6 {
		t.Fatalf("fused score %f, want 2/61 for first in both", hits[0].Score)
	}
	if len(hits[0].Highlights) == 0 || !strings.Contains(hits[0].Highlights[0], "warm") {
		t.Fatalf("highlights %q do not show the matched words", hits[0].Highlights)
	}
	if hits[0].Chunk.Vector != nil {
		t.Fatal("hits must not carry the vector")
	}
	hits[0].Chunk.Tags = append(hits[0].Chunk.Tags[:0], "edited")
	if again := x.Search("acme", query("warm confident", domain.ModeKeyword, 1, domain.SearchFilter{Tags: []string{"edited"}})); len(again) != 0 {
		t.Fatal("editing a hit changed the index")
	}
}

func TestUpsertRefusesBadChunks(t *testing.T) {
	t.Parallel()
	x := index.New(index.Options{})
	upsert(t, x, mk("acme", "a", "x"))
	bad := mk("acme", "b", "y")
	bad.Vector = bad.Vector[:10]
	if err := x.Upsert([]domain.Chunk{mk("acme", "c", "z"), bad}); !errors.Is(err, index.ErrDims) {
		t.Fatalf("err = %v, want ErrDims", err)
	}
	if got := ids(x.Search("acme", query("z", domain.ModeKeyword, 5, domain.SearchFilter{}))); len(got) != 0 {
		t.Fatalf("a refused batch was partly applied: %q", got)
	}
	if err := x.Upsert([]domain.Chunk{{ID: "n", CompanyID: "acme"}}); err == nil {
		t.Fatal("a chunk without a vector was accepted")
	}
}
