package domain_test

import (
	"context"
	"io"
	"log/slog"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
	"github.com/copydesk/copydesk/services/knowledge/internal/offlineembed"
	"github.com/copydesk/copydesk/services/knowledge/internal/store"
)

var quiet = slog.New(slog.NewJSONHandler(io.Discard, nil))

// embedder is the offline embedder behind a counter, with knobs: the model
// it answers, a fold to fewer dimensions (another model's vector space), a
// failure, and a gate every call waits at (entered hears each call first).
type embedder struct {
	mu      sync.Mutex
	model   string // "" answers offlineembed.Model
	dims    int    // > 0 folds the vectors to this many dimensions
	fail    error
	gate    chan struct{}
	entered chan struct{}
	calls   int
}

func (e *embedder) Embed(ctx context.Context, company string, texts []string) ([][]float32, string, error) {
	e.mu.Lock()
	e.calls++
	model, dims, fail, gate, entered := e.model, e.dims, e.fail, e.gate, e.entered
	e.mu.Unlock()
	if entered != nil {
		select {
		case entered <- struct{}{}:
		default:
		}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, "", ctx.Err()
		}
	}
	if fail != nil {
		return nil, "", fail
	}
	vecs, m, err := offlineembed.Embedder{}.Embed(ctx, company, texts)
	if model != "" {
		m = model
	}
	if dims > 0 {
		for i, v := range vecs {
			vecs[i] = fold(v, dims)
		}
	}
	return vecs, m, err
}

// Calls is how many Embed calls were made.
func (e *embedder) Calls() int { e.mu.Lock(); defer e.mu.Unlock(); return e.calls }

// set changes the knobs under the lock.
func (e *embedder) set(f func(*embedder)) { e.mu.Lock(); defer e.mu.Unlock(); f(e) }

// fold sums v into dims buckets and normalises the result.
func fold(v []float32, dims int) []float32 {
	out := make([]float32, dims)
	for i, x := range v {
		out[i%dims] += x
	}
	var n float64
	for _, x := range out {
		n += float64(x) * float64(x)
	}
	if n > 0 {
		for i := range out {
			out[i] /= float32(math.Sqrt(n))
		}
	}
	return out
}

// env is one database with two companies.
type env struct {
	db                 *mongo.Database
	chunks             *store.Chunks
	sources            *store.Sources
	coA, coB           string
	managerA, managerB principal.Principal
	writerA            principal.Principal
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, quiet, store.Migrations); err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, chunks: store.NewChunks(db), sources: store.NewSources(db),
		coA: bson.NewObjectID().Hex(), coB: bson.NewObjectID().Hex()}
	e.managerA = user(e.coA, principal.RoleContentManager)
	e.writerA = user(e.coA, principal.RoleContentWriter)
	e.managerB = user(e.coB, principal.RoleContentManager)
	return e
}

func user(company, role string) principal.Principal {
	return principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: company, Role: role, Token: "t"}
}

// replica is one service process: its own index, embedder and sync, on
// the shared database.
type replica struct {
	svc  *domain.Service
	idx  *index.Index
	emb  *embedder
	sync *domain.IndexSync
}

// replica starts a service process (its index loaded from the store);
// mod changes its dependencies before it is built.
func (e *env) replica(t *testing.T, mod func(*domain.Deps)) *replica {
	t.Helper()
	r := &replica{idx: index.New(index.Options{}), emb: &embedder{}}
	d := domain.Deps{Chunks: e.chunks, Sources: e.sources, Leases: store.NewLeases(e.db), Embedder: r.emb,
		Index: r.idx, Companies: func(context.Context, string) (bool, error) { return true, nil }, Log: quiet,
		Settings: domain.Settings{EmbeddingModel: offlineembed.Model, EmbedBatch: 2}}
	if mod != nil {
		mod(&d)
	}
	svc, err := domain.New(d)
	if err != nil {
		t.Fatal(err)
	}
	r.svc, r.sync = svc, svc.NewIndexSync(time.Hour, 10*time.Second)
	if err := r.sync.Load(t.Context()); err != nil {
		t.Fatalf("load index: %v", err)
	}
	return r
}

// poll runs one poll of r's index sync.
func (r *replica) poll(t *testing.T) {
	t.Helper()
	if err := r.sync.PollOnce(t.Context()); err != nil {
		t.Fatalf("poll: %v", err)
	}
}

// doc is a markdown document of ref (each heading starts a chunk).
func doc(ref, content string) domain.IngestInput {
	return domain.IngestInput{Title: "Handbook " + ref, Format: domain.FormatMarkdown, Content: content,
		SourceType: "upload", Ref: ref}
}

func (r *replica) ingest(t *testing.T, p principal.Principal, in domain.IngestInput) domain.IngestResult {
	t.Helper()
	res, err := r.svc.Ingest(t.Context(), p, in)
	if err != nil {
		t.Fatalf("ingest %s: %v", in.Ref, err)
	}
	return res
}

// search returns the ids of the hits of a search as p.
func (r *replica) search(t *testing.T, p principal.Principal, query, mode string, k int) []string {
	t.Helper()
	res, err := r.svc.Search(t.Context(), p, domain.SearchInput{Query: query, Mode: mode, TopK: k})
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.Chunk.ID)
	}
	return out
}

// indexed returns the ids r's own index ranks for query (keyword), store
// aside: what this replica's index still holds.
func (r *replica) indexed(company, query string) []string {
	var out []string
	for _, h := range r.idx.Search(company, domain.IndexQuery{Text: query, Mode: domain.ModeKeyword, K: 50}) {
		out = append(out, h.Chunk.ID)
	}
	return out
}

// listed returns the chunks of a source p can list, by position.
func (r *replica) listed(t *testing.T, p principal.Principal, sourceID string) []domain.Chunk {
	t.Helper()
	cs, total, err := r.svc.ListChunks(t.Context(), p, "", domain.ChunkFilter{SourceID: sourceID},
		domain.Page{Limit: 1000, Sort: "position"})
	if err != nil {
		t.Fatalf("list chunks: %v", err)
	}
	if total != int64(len(cs)) {
		t.Fatalf("list chunks: total %d, %d listed", total, len(cs))
	}
	return cs
}

// raw reads a chunk's stored document, deleted or not (nil when absent).
func (e *env) raw(t *testing.T, id string) bson.M {
	t.Helper()
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		t.Fatal(err)
	}
	var m bson.M
	if err := e.db.Collection("chunks").FindOne(t.Context(), bson.M{"_id": oid}).Decode(&m); err != nil {
		if err == mongo.ErrNoDocuments {
			return nil
		}
		t.Fatal(err)
	}
	return m
}

// await waits for a signal, failing the test if it never comes (a hang
// guard, not a timing assertion).
func await(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Minute):
		t.Fatalf("never happened: %s", what)
	}
}

func ids(cs []domain.Chunk) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func contents(cs []domain.Chunk) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Content
	}
	return out
}

// overlaps reports whether any of got is among old (e.g. a replaced
// version's chunk ids): vector search ranks every chunk sharing a word
// fragment with the query, so "nothing found" is not the property.
func overlaps(got, old []string) bool {
	for _, id := range got {
		if slices.Contains(old, id) {
			return true
		}
	}
	return false
}
