package store

import (
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Chunks implements domain.ChunkStore.
type Chunks struct{ coll *mongo.Collection }

// NewChunks returns the chunk store on db.
func NewChunks(db *mongo.Database) *Chunks { return &Chunks{coll: db.Collection(chunksColl)} }

var _ domain.ChunkStore = (*Chunks)(nil)

type chunkDoc struct {
	ID             bson.ObjectID `bson:"_id"`
	CompanyID      string        `bson:"company_id"`
	SourceID       string        `bson:"source_id"`
	Generation     string        `bson:"generation"`
	Title          string        `bson:"title"`
	TitleLower     string        `bson:"title_lower"` // the prefix search across companies
	HeadingPath    []string      `bson:"heading_path"`
	Content        string        `bson:"content"`
	Position       int           `bson:"position"`
	Tags           []string      `bson:"tags"`
	AgentIDs       []string      `bson:"agent_ids"`
	TokenCount     int           `bson:"token_count"`
	Vector         *bson.Binary  `bson:"vector"`
	Dims           int           `bson:"dims"`
	EmbeddingModel string        `bson:"embedding_model"`
	Active         bool          `bson:"active"`
	Deleted        bool          `bson:"deleted"`
	CreatedAt      time.Time     `bson:"created_at"`
	UpdatedAt      time.Time     `bson:"updated_at"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toChunkDoc(c domain.Chunk) (chunkDoc, error) {
	id, err := bson.ObjectIDFromHex(c.ID)
	if err != nil {
		return chunkDoc{}, fmt.Errorf("chunk id %q: %w", c.ID, err)
	}
	return chunkDoc{
		ID: id, CompanyID: c.CompanyID, SourceID: c.SourceID, Generation: c.Generation, Title: c.Title, TitleLower: strings.ToLower(c.Title),
		HeadingPath: nonNil(c.HeadingPath), Content: c.Content, Position: c.Position, Tags: nonNil(c.Tags),
		AgentIDs: nonNil(c.AgentIDs), TokenCount: c.TokenCount, Vector: encodeVector(c.Vector), Dims: len(c.Vector),
		EmbeddingModel: c.EmbeddingModel, Active: c.Active, Deleted: c.Deleted,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}, nil
}

func (d chunkDoc) domain() (domain.Chunk, error) {
	v, err := decodeVector(d.Vector, d.Dims)
	if err != nil {
		return domain.Chunk{}, fmt.Errorf("chunk %s: %w", d.ID.Hex(), err)
	}
	return domain.Chunk{
		ID: d.ID.Hex(), CompanyID: d.CompanyID, SourceID: d.SourceID, Generation: d.Generation, Title: d.Title,
		HeadingPath: nonNil(d.HeadingPath), Content: d.Content, Position: d.Position, Tags: nonNil(d.Tags),
		AgentIDs: nonNil(d.AgentIDs), TokenCount: d.TokenCount, Vector: v, EmbeddingModel: d.EmbeddingModel,
		Active: d.Active, Deleted: d.Deleted, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(),
	}, nil
}

func decodeChunks(ctx ctxT, cur *mongo.Cursor) ([]domain.Chunk, error) {
	var docs []chunkDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("decode chunks: %w", err)
	}
	out := make([]domain.Chunk, 0, len(docs))
	for _, d := range docs {
		c, err := d.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// liveFilter is the filter of chunks a reader may see: the scope's
// company, not deleted, and finished (active).
func liveFilter(sc domain.Scope) (bson.M, error) {
	f, err := companyFilter(sc)
	if err != nil {
		return nil, err
	}
	f["deleted"] = false
	f["active"] = true
	return f, nil
}

// Insert stores new chunks (ids set by the caller).
func (s *Chunks) Insert(ctx ctxT, cs []domain.Chunk) error {
	if len(cs) == 0 {
		return nil
	}
	docs := make([]any, 0, len(cs))
	for _, c := range cs {
		if err := requireCompany(c.CompanyID); err != nil {
			return err
		}
		d, err := toChunkDoc(c)
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	if _, err := s.coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false)); err != nil {
		return fmt.Errorf("insert chunks: %w", err)
	}
	return nil
}

// Get reads one live chunk.
func (s *Chunks) Get(ctx ctxT, sc domain.Scope, id string) (domain.Chunk, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Chunk{}, err
	}
	f, err := liveFilter(sc)
	if err != nil {
		return domain.Chunk{}, err
	}
	f["_id"] = oid
	var d chunkDoc
	if err := s.coll.FindOne(ctx, f).Decode(&d); err != nil {
		return domain.Chunk{}, fmt.Errorf("chunk %s: %w", id, mongox.NotFound(err))
	}
	return d.domain()
}

// ByIDs reads the live chunks among ids (any order; missing ones left out).
func (s *Chunks) ByIDs(ctx ctxT, sc domain.Scope, ids []string) ([]domain.Chunk, error) {
	oids := make([]bson.ObjectID, 0, len(ids))
	for _, id := range ids {
		if oid, err := bson.ObjectIDFromHex(id); err == nil {
			oids = append(oids, oid)
		}
	}
	f, err := liveFilter(sc)
	if err != nil {
		return nil, err
	}
	f["_id"] = bson.M{"$in": oids}
	cur, err := s.coll.Find(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("find chunks: %w", err)
	}
	return decodeChunks(ctx, cur)
}

// OfSource reads the live chunks of a source by position.
func (s *Chunks) OfSource(ctx ctxT, sc domain.Scope, sourceID string) ([]domain.Chunk, error) {
	f, err := liveFilter(sc)
	if err != nil {
		return nil, err
	}
	f["source_id"] = sourceID
	cur, err := s.coll.Find(ctx, f, options.Find().SetSort(bson.D{{Key: "position", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("find source chunks: %w", err)
	}
	return decodeChunks(ctx, cur)
}

// List pages the live chunks of the scope.
func (s *Chunks) List(ctx ctxT, sc domain.Scope, cf domain.ChunkFilter, p mongox.Page) ([]domain.Chunk, int64, error) {
	f, err := liveFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	if cf.SourceID != "" {
		f["source_id"] = cf.SourceID
	}
	if cf.Tag != "" {
		f["tags"] = cf.Tag
	}
	if cf.AgentID != "" {
		if sc.AllCompanies {
			// An agent belongs to one company: its chunks are listed in
			// that company's scope, served by agents_<sort>. Across
			// companies no index holds agent_ids (chunks are the most
			// written collection: docs/indexes.md).
			return nil, 0, errs.New(errs.ErrBadRequest, "agent_id needs a company (company_id): across companies no index serves it")
		}
		f["agent_ids"] = cf.AgentID
	}
	if cf.Q != "" && sc.AllCompanies {
		f["title_lower"] = mongox.PrefixRegex(cf.Q) // across companies: a key filter of all_created_at
	} else if cf.Q != "" { // one company: a bounded substring scan
		re := mongox.ContainsRegex(cf.Q)
		f["$or"] = bson.A{bson.M{"title": re}, bson.M{"content": re}}
	}
	var docs []chunkDoc
	total, err := mongox.FindPage(ctx, s.coll, f, mongox.ScopedPage(sc, p), &docs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.Chunk, 0, len(docs))
	for _, d := range docs {
		c, err := d.domain()
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, nil
}

// Replace writes c over the live chunk with its id in the scope.
func (s *Chunks) Replace(ctx ctxT, sc domain.Scope, c domain.Chunk) error {
	f, err := liveFilter(sc)
	if err != nil {
		return err
	}
	d, err := toChunkDoc(c)
	if err != nil {
		return err
	}
	f["_id"] = d.ID
	res, err := s.coll.ReplaceOne(ctx, f, d)
	if err != nil {
		return fmt.Errorf("replace chunk: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("chunk %s: %w", c.ID, errs.ErrNotFound)
	}
	return nil
}
