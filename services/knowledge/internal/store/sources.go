package store

import (
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Sources implements domain.SourceStore.
type Sources struct{ coll *mongo.Collection }

// NewSources returns the source store on db.
func NewSources(db *mongo.Database) *Sources { return &Sources{coll: db.Collection(sourcesColl)} }

var _ domain.SourceStore = (*Sources)(nil)

type sourceDoc struct {
	ID             bson.ObjectID  `bson:"_id"`
	CompanyID      string         `bson:"company_id"`
	Title          string         `bson:"title"`
	TitleLower     string         `bson:"title_lower"` // the prefix search across companies
	Type           string         `bson:"type"`
	Ref            string         `bson:"ref"`
	URL            string         `bson:"url"`
	Format         string         `bson:"format"`
	ContentHash    string         `bson:"content_hash"`
	Fingerprint    string         `bson:"fingerprint"`
	Generation     string         `bson:"generation"`
	ChunkCount     int            `bson:"chunk_count"`
	Status         string         `bson:"status"`
	Tags           []string       `bson:"tags"`
	AgentIDs       []string       `bson:"agent_ids"`
	EmbeddingModel string         `bson:"embedding_model"`
	Deleted        bool           `bson:"deleted"`
	CreatedAt      time.Time      `bson:"created_at"`
	UpdatedAt      time.Time      `bson:"updated_at"`
	File           *sourceFileDoc `bson:"file,omitempty"`
}

// sourceFileDoc is an uploaded source's original (its key is derived from
// the company and source ids, never stored).
type sourceFileDoc struct {
	Name        string `bson:"name"`
	ContentType string `bson:"content_type"`
	Size        int    `bson:"size"`
}

func (d sourceDoc) domain() domain.Source {
	return domain.Source{
		ID: d.ID.Hex(), CompanyID: d.CompanyID, Title: d.Title, Type: d.Type, Ref: d.Ref, URL: d.URL,
		Format: d.Format, ContentHash: d.ContentHash, Fingerprint: d.Fingerprint, Generation: d.Generation,
		ChunkCount: d.ChunkCount, Status: d.Status, Tags: nonNil(d.Tags), AgentIDs: nonNil(d.AgentIDs),
		EmbeddingModel: d.EmbeddingModel, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(),
		File: d.File.domain(),
	}
}

func (f *sourceFileDoc) domain() *domain.SourceFile {
	if f == nil {
		return nil
	}
	return &domain.SourceFile{Name: f.Name, ContentType: f.ContentType, Size: f.Size}
}

func toSourceFileDoc(f *domain.SourceFile) *sourceFileDoc {
	if f == nil {
		return nil
	}
	return &sourceFileDoc{Name: f.Name, ContentType: f.ContentType, Size: f.Size}
}

func toSourceDoc(s domain.Source) (sourceDoc, error) {
	id, err := bson.ObjectIDFromHex(s.ID)
	if err != nil {
		return sourceDoc{}, fmt.Errorf("source id %q: %w", s.ID, err)
	}
	return sourceDoc{
		ID: id, CompanyID: s.CompanyID, Title: s.Title, TitleLower: strings.ToLower(s.Title), Type: s.Type, Ref: s.Ref, URL: s.URL, Format: s.Format,
		ContentHash: s.ContentHash, Fingerprint: s.Fingerprint, Generation: s.Generation, ChunkCount: s.ChunkCount,
		Status: s.Status, Tags: nonNil(s.Tags), AgentIDs: nonNil(s.AgentIDs), EmbeddingModel: s.EmbeddingModel,
		CreatedAt: s.CreatedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC(), File: toSourceFileDoc(s.File),
	}, nil
}

// ByRef reads the company's source with ref, deleted or not (a deleted
// source is revived by the next ingest of its ref).
func (s *Sources) ByRef(ctx ctxT, company, ref string) (domain.Source, bool, error) {
	if err := requireCompany(company); err != nil {
		return domain.Source{}, false, err
	}
	var d sourceDoc
	err := s.coll.FindOne(ctx, bson.M{"company_id": company, "ref": ref}).Decode(&d)
	if err == mongo.ErrNoDocuments {
		return domain.Source{}, false, nil
	}
	if err != nil {
		return domain.Source{}, false, fmt.Errorf("source by ref: %w", err)
	}
	src := d.domain()
	return src, !d.Deleted, nil
}

// Save inserts the source, or replaces the company's source with its id.
// Two first ingests of one ref race on the unique (company_id, ref) index:
// the loser gets errs.ErrConflict and re-reads.
func (s *Sources) Save(ctx ctxT, src domain.Source) error {
	if err := requireCompany(src.CompanyID); err != nil {
		return err
	}
	d, err := toSourceDoc(src)
	if err != nil {
		return err
	}
	res, err := s.coll.ReplaceOne(ctx, bson.M{"_id": d.ID, "company_id": d.CompanyID}, d)
	if err != nil {
		return fmt.Errorf("save source: %w", err)
	}
	if res.MatchedCount > 0 {
		return nil
	}
	if _, err := s.coll.InsertOne(ctx, d); err != nil {
		if mongox.IsDuplicateKey(err) {
			return errs.New(errs.ErrConflict, "This source is being ingested by another request; retry")
		}
		return fmt.Errorf("insert source: %w", err)
	}
	return nil
}

// Get reads one source that is not deleted.
func (s *Sources) Get(ctx ctxT, sc domain.Scope, id string) (domain.Source, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Source{}, err
	}
	f, err := companyFilter(sc)
	if err != nil {
		return domain.Source{}, err
	}
	f["_id"], f["deleted"] = oid, false
	var d sourceDoc
	if err := s.coll.FindOne(ctx, f).Decode(&d); err != nil {
		return domain.Source{}, fmt.Errorf("source %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

// ByIDs reads the sources among ids that are not deleted.
func (s *Sources) ByIDs(ctx ctxT, sc domain.Scope, ids []string) ([]domain.Source, error) {
	oids := make([]bson.ObjectID, 0, len(ids))
	for _, id := range ids {
		if oid, err := bson.ObjectIDFromHex(id); err == nil {
			oids = append(oids, oid)
		}
	}
	f, err := companyFilter(sc)
	if err != nil {
		return nil, err
	}
	f["_id"], f["deleted"] = bson.M{"$in": oids}, false
	cur, err := s.coll.Find(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("find sources: %w", err)
	}
	var docs []sourceDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("decode sources: %w", err)
	}
	out := make([]domain.Source, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, nil
}

// List pages the scope's sources that are not deleted.
func (s *Sources) List(ctx ctxT, sc domain.Scope, sf domain.SourceFilter, p mongox.Page) ([]domain.Source, int64, error) {
	f, err := companyFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	f["deleted"] = false
	if sf.Type != "" {
		f["type"] = sf.Type
	}
	if sf.Tag != "" {
		f["tags"] = sf.Tag
	}
	if sf.Q != "" && sc.AllCompanies {
		f["title_lower"] = mongox.PrefixRegex(sf.Q) // across companies: a key range
	} else if sf.Q != "" {
		f["title"] = mongox.ContainsRegex(sf.Q) // one company: a bounded substring scan
	}
	var docs []sourceDoc
	total, err := mongox.FindPage(ctx, s.coll, f, mongox.ScopedPage(sc, p), &docs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.Source, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.domain())
	}
	return out, total, nil
}

// MarkDeleted deletes the source (its ref may be ingested again later).
func (s *Sources) MarkDeleted(ctx ctxT, sc domain.Scope, id string, now time.Time) (domain.Source, error) {
	src, err := s.Get(ctx, sc, id)
	if err != nil {
		return domain.Source{}, err
	}
	_, err = s.coll.UpdateOne(ctx, bson.M{"_id": mustOID(src.ID), "company_id": src.CompanyID},
		bson.M{"$set": bson.M{"deleted": true, "fingerprint": "", "updated_at": now.UTC()}})
	if err != nil {
		return domain.Source{}, fmt.Errorf("delete source: %w", err)
	}
	return src, nil
}

// SetChunkCount records how many live chunks the source has.
func (s *Sources) SetChunkCount(ctx ctxT, company, id string, n int, now time.Time) error {
	if err := requireCompany(company); err != nil {
		return err
	}
	_, err := s.coll.UpdateOne(ctx, bson.M{"_id": mustOID(id), "company_id": company},
		bson.M{"$set": bson.M{"chunk_count": n, "updated_at": now.UTC()}})
	if err != nil {
		return fmt.Errorf("set chunk count: %w", err)
	}
	return nil
}
