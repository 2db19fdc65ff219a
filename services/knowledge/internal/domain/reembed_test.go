package domain_test

import (
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// modelReplica is a replica configured for model whose embedder answers
// answers with vectors of dims dimensions (0: the offline 256).
func (e *env) modelReplica(t *testing.T, model, answers string, dims int) *replica {
	t.Helper()
	r := e.replica(t, func(d *domain.Deps) { d.Settings.EmbeddingModel = model })
	r.emb.set(func(x *embedder) { x.model, x.dims = answers, dims })
	return r
}

// stored reads the embedding model and dimension of every chunk of the
// database that is not deleted, by id.
func (e *env) stored(t *testing.T) map[string]bson.M {
	t.Helper()
	cur, err := e.db.Collection("chunks").Find(t.Context(), bson.M{"deleted": false})
	if err != nil {
		t.Fatal(err)
	}
	var docs []bson.M
	if err := cur.All(t.Context(), &docs); err != nil {
		t.Fatal(err)
	}
	out := map[string]bson.M{}
	for _, d := range docs {
		out[d["_id"].(bson.ObjectID).Hex()] = d
	}
	return out
}

func TestAnEmbeddingModelChangeReembedsEveryChunkWithoutMixingModels(t *testing.T) {
	e := newEnv(t)
	m1 := e.modelReplica(t, "m1", "m1", 0)
	old := m1.ingest(t, e.managerA, doc("kb/handbook", handbook))
	m1.ingest(t, e.managerB, doc("kb/other", handbookV2))
	warranty := byContent(t, old.Chunks, "warranty")

	m2 := e.modelReplica(t, "m2", "m2", 64) // restarted with the new model
	fresh := m2.ingest(t, e.managerA, doc("kb/care", "# Care\nWax the leather uppers every season.\n"))
	if got := m2.search(t, e.managerA, "wax leather uppers", domain.ModeVector, 5); !slices.Contains(got, fresh.Chunks[0].ID) {
		t.Fatalf("the new model's chunk is not found by vector: %v", got)
	}
	if got := m2.search(t, e.managerA, "five year warranty stitching soles", domain.ModeVector, 10); slices.Contains(got, warranty.ID) {
		t.Fatalf("a chunk embedded by m1 was ranked against an m2 query: %v", got)
	}

	// An embedder still answering another model: the tick fails, writes nothing.
	before := e.stored(t)
	wrong := e.modelReplica(t, "m2", "m3", 64)
	if err := wrong.svc.Reembed(time.Minute)(t.Context()); err == nil {
		t.Fatal("a re-embed tick whose embedder answered m3 for m2 succeeded")
	}
	if wrong.emb.Calls() == 0 {
		t.Fatal("precondition: the wrong embedder was asked")
	}
	after := e.stored(t)
	for id, d := range before {
		if a := after[id]; a["embedding_model"] != d["embedding_model"] || !a["updated_at"].(bson.DateTime).Time().Equal(d["updated_at"].(bson.DateTime).Time()) {
			t.Fatalf("chunk %s changed by a failed tick: %v → %v", id, d["embedding_model"], a["embedding_model"])
		}
	}

	// The right embedder: every chunk of every company ends on m2.
	if err := m2.svc.Reembed(time.Minute)(t.Context()); err != nil {
		t.Fatalf("re-embed tick: %v", err)
	}
	for id, d := range e.stored(t) {
		if d["embedding_model"] != "m2" || d["dims"] != int32(64) {
			t.Fatalf("chunk %s (%v) is stored with %v of %v dimensions, want m2 of 64", id, d["content"], d["embedding_model"], d["dims"])
		}
	}
	m2.poll(t)
	if got := m2.search(t, e.managerA, "five year warranty stitching soles", domain.ModeVector, 3); len(got) == 0 || got[0] != warranty.ID {
		t.Fatalf("after the re-embed and a poll, vector search found %v, want %s first", got, warranty.ID)
	}
	if got := m2.search(t, e.managerB, "store credit unworn boots", domain.ModeHybrid, 3); len(got) == 0 {
		t.Fatal("company B's re-embedded chunks are not found")
	}
	// A replica started now loads every chunk under the one model.
	if got := e.modelReplica(t, "m2", "m2", 64).search(t, e.managerA, "five year warranty stitching soles", domain.ModeVector, 3); len(got) == 0 || got[0] != warranty.ID {
		t.Fatalf("a replica started after the re-embed found %v", got)
	}
}
