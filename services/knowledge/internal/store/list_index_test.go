package store

import (
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// TestChunkListsTheAPIAccepts sends the chunk lists no other test sent,
// for every sort, so that the query check (mongotest.DB) proves an index
// serves each: by agent and tag in one company (agents_<sort>, the tag
// checked on the agent's chunks, querycheck.ArrayFields) and the
// cross-company prefix search of chunks and sources. By agent across
// companies is refused (400): no index serves it.
func TestChunkListsTheAPIAccepts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	tagged := f.cx
	tagged.ID, tagged.AgentIDs, tagged.Tags = bson.NewObjectID().Hex(), []string{"ag1"}, []string{"x"}
	other := tagged
	other.ID, other.Tags = bson.NewObjectID().Hex(), []string{"y"}
	if err := f.chunks.Insert(ctx, []domain.Chunk{tagged, other}); err != nil {
		t.Fatal(err)
	}
	one, every := domain.Company(f.x), tenancy.EveryCompany()
	for _, sort := range domain.ChunkSorts {
		for _, desc := range []bool{false, true} {
			p := mongox.Page{Limit: 10, Sort: sort, Desc: desc}
			if _, n, err := f.chunks.List(ctx, one, domain.ChunkFilter{AgentID: "ag1", Tag: "x"}, p); err != nil || n != 1 {
				t.Fatalf("agent and tag, sort %s: %d, %v; want 1", sort, n, err)
			}
			if _, n, err := f.chunks.List(ctx, every, domain.ChunkFilter{Q: "HAND"}, p); err != nil || n != 4 {
				t.Fatalf("prefix search across companies, sort %s: %d, %v; want 4", sort, n, err)
			}
		}
	}
	for _, sort := range domain.SourceSorts {
		if _, n, err := f.sources.List(ctx, every, domain.SourceFilter{Q: "hand"}, mongox.Page{Limit: 10, Sort: sort}); err != nil || n != 1 {
			t.Fatalf("sources by prefix across companies, sort %s: %d, %v; want 1", sort, n, err)
		}
	}
	if _, _, err := f.chunks.List(ctx, every, domain.ChunkFilter{AgentID: "ag1"}, mongox.Page{Limit: 10}); !errors.Is(err, errs.ErrBadRequest) {
		t.Fatalf("agent across companies: %v, want a bad request", err)
	}
}
