package store

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

type fixture struct {
	chunks  *Chunks
	sources *Sources
	x, y    string // companies
	src     domain.Source
	cx, cy  domain.Chunk // a live chunk of each company
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.NewJSONHandler(io.Discard, nil)), Migrations); err != nil {
		t.Fatal(err)
	}
	f := &fixture{chunks: NewChunks(db), sources: NewSources(db), x: bson.NewObjectID().Hex(), y: bson.NewObjectID().Hex()}
	now := time.Now().UTC().Truncate(time.Millisecond)
	f.src = domain.Source{ID: bson.NewObjectID().Hex(), CompanyID: f.x, Title: "Handbook", Type: "upload", Ref: "kb/1",
		Generation: "g1", ChunkCount: 1, Status: domain.SourceReady, CreatedAt: now, UpdatedAt: now}
	if err := f.sources.Save(t.Context(), f.src); err != nil {
		t.Fatal(err)
	}
	mk := func(company, source string) domain.Chunk {
		return domain.Chunk{ID: bson.NewObjectID().Hex(), CompanyID: company, SourceID: source, Generation: "g1",
			Title: "Handbook", Content: "Boots ship free.", Vector: []float32{1, 0}, EmbeddingModel: "m1",
			Active: true, CreatedAt: now, UpdatedAt: now}
	}
	f.cx, f.cy = mk(f.x, f.src.ID), mk(f.y, "")
	if err := f.chunks.Insert(t.Context(), []domain.Chunk{f.cx, f.cy}); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAnEmptyCompanyIsNeverAllCompanies calls every tenant method with an
// empty company: each refuses, and nothing is read or written.
func TestAnEmptyCompanyIsNeverAllCompanies(t *testing.T) {
	f := newFixture(t)
	none, now := domain.Scope{}, time.Now()
	orphan := f.cx
	orphan.ID, orphan.CompanyID = bson.NewObjectID().Hex(), ""
	src := f.src
	src.ID, src.CompanyID = bson.NewObjectID().Hex(), ""
	calls := map[string]func(ctx context.Context) error{
		"Chunks.Insert":   func(ctx context.Context) error { return f.chunks.Insert(ctx, []domain.Chunk{orphan}) },
		"Chunks.Get":      func(ctx context.Context) error { _, err := f.chunks.Get(ctx, none, f.cx.ID); return err },
		"Chunks.ByIDs":    func(ctx context.Context) error { _, err := f.chunks.ByIDs(ctx, none, []string{f.cx.ID}); return err },
		"Chunks.OfSource": func(ctx context.Context) error { _, err := f.chunks.OfSource(ctx, none, f.src.ID); return err },
		"Chunks.List": func(ctx context.Context) error {
			_, _, err := f.chunks.List(ctx, none, domain.ChunkFilter{}, page())
			return err
		},
		"Chunks.Replace":  func(ctx context.Context) error { return f.chunks.Replace(ctx, none, f.cx) },
		"Chunks.Delete":   func(ctx context.Context) error { _, err := f.chunks.Delete(ctx, none, f.cx.ID, now); return err },
		"Chunks.Activate": func(ctx context.Context) error { return f.chunks.Activate(ctx, "", f.src.ID, "g1", now) },
		"Chunks.Retire":   func(ctx context.Context) error { return f.chunks.RetireOthers(ctx, "", f.src.ID, "", now) },
		"Chunks.Changes": func(ctx context.Context) error {
			_, err := f.chunks.Changes(ctx, none, domain.Cursor{}, 10)
			return err
		},
		"Chunks.Stale":    func(ctx context.Context) error { _, err := f.chunks.StaleEmbeddings(ctx, none, "m2", 10); return err },
		"Chunks.SetEmbed": func(ctx context.Context) error { return f.chunks.SetEmbedding(ctx, orphan, []float32{0, 1}, "m2", now) },
		"Chunks.Purge":    func(ctx context.Context) error { _, err := f.chunks.PurgeTombstones(ctx, none, now); return err },
		"Chunks.PurgeOne": func(ctx context.Context) error {
			_, err := f.chunks.PurgeTombstones(ctx, domain.Company(f.x), now)
			return err
		},
		"Sources.ByRef": func(ctx context.Context) error { _, _, err := f.sources.ByRef(ctx, "", f.src.Ref); return err },
		"Sources.Save":  func(ctx context.Context) error { return f.sources.Save(ctx, src) },
		"Sources.Get":   func(ctx context.Context) error { _, err := f.sources.Get(ctx, none, f.src.ID); return err },
		"Sources.ByIDs": func(ctx context.Context) error { _, err := f.sources.ByIDs(ctx, none, []string{f.src.ID}); return err },
		"Sources.List": func(ctx context.Context) error {
			_, _, err := f.sources.List(ctx, none, domain.SourceFilter{}, page())
			return err
		},
		"Sources.Delete":   func(ctx context.Context) error { _, err := f.sources.MarkDeleted(ctx, none, f.src.ID, now); return err },
		"Sources.SetCount": func(ctx context.Context) error { return f.sources.SetChunkCount(ctx, "", f.src.ID, 7, now) },
	}
	for name, call := range calls {
		if err := call(t.Context()); !errors.Is(err, errNoTenant) {
			t.Errorf("%s with no company: %v, want the missing-scope error", name, err)
		}
	}
	// Nothing was written: both companies' data is as it was.
	all, total, err := f.chunks.List(t.Context(), domain.Scope{AllCompanies: true}, domain.ChunkFilter{}, page())
	if err != nil || total != 2 {
		t.Fatalf("after the refused calls: %d chunks (%v), want the 2 stored", total, err)
	}
	for _, c := range all {
		if c.Deleted || !c.Active || c.EmbeddingModel != "m1" || !c.UpdatedAt.Equal(f.cx.UpdatedAt) {
			t.Fatalf("chunk %s changed by a refused call: %+v", c.ID, c)
		}
	}
	got, err := f.sources.Get(t.Context(), domain.Company(f.x), f.src.ID)
	if err != nil || got.ChunkCount != 1 {
		t.Fatalf("source after the refused calls: %+v, %v", got, err)
	}
	if _, total, _ := f.sources.List(t.Context(), domain.Scope{AllCompanies: true}, domain.SourceFilter{}, page()); total != 1 {
		t.Fatalf("%d sources stored, want 1", total)
	}
}

// TestAllCompaniesIsExplicit: the AllCompanies scope reads every company,
// a company scope only its own.
func TestAllCompaniesIsExplicit(t *testing.T) {
	f := newFixture(t)
	all := domain.Scope{AllCompanies: true}
	for name, list := range map[string]func(domain.Scope) ([]domain.Chunk, error){
		"List": func(sc domain.Scope) ([]domain.Chunk, error) {
			cs, _, err := f.chunks.List(t.Context(), sc, domain.ChunkFilter{}, page())
			return cs, err
		},
		"Changes": func(sc domain.Scope) ([]domain.Chunk, error) {
			return f.chunks.Changes(t.Context(), sc, domain.Cursor{}, 10)
		},
		"StaleEmbeddings": func(sc domain.Scope) ([]domain.Chunk, error) {
			return f.chunks.StaleEmbeddings(t.Context(), sc, "m2", 10)
		},
		"ByIDs": func(sc domain.Scope) ([]domain.Chunk, error) {
			return f.chunks.ByIDs(t.Context(), sc, []string{f.cx.ID, f.cy.ID})
		},
	} {
		got, err := list(all)
		if err != nil || !sameSet(got, f.cx.ID, f.cy.ID) {
			t.Errorf("%s of all companies: %v (%v), want both companies' chunks", name, chunkIDs(got), err)
		}
		got, err = list(domain.Company(f.y))
		if err != nil || !sameSet(got, f.cy.ID) {
			t.Errorf("%s of company y: %v (%v), want only its chunk", name, chunkIDs(got), err)
		}
	}
}

func page() domain.Page { return domain.Page{Limit: 100, Sort: "created_at"} }

func chunkIDs(cs []domain.Chunk) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func sameSet(cs []domain.Chunk, want ...string) bool {
	got := chunkIDs(cs)
	slices.Sort(got)
	slices.Sort(want)
	return slices.Equal(got, want)
}
