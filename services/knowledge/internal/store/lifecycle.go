package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Activate makes the chunks an ingest wrote (its generation) visible; the
// active ones are left as they are, so activating again writes nothing.
func (s *Chunks) Activate(ctx ctxT, company, sourceID, generation string, now time.Time) error {
	if err := requireCompany(company); err != nil {
		return err
	}
	_, err := s.coll.UpdateMany(ctx,
		bson.M{"company_id": company, "source_id": sourceID, "generation": generation, "deleted": false, "active": false},
		bson.M{"$set": bson.M{"active": true, "updated_at": now.UTC()}})
	if err != nil {
		return fmt.Errorf("activate chunks: %w", err)
	}
	return nil
}

// RetireOthers deletes (tombstones) the source's chunks of every other
// generation than keep: the previous ingest's and the leftovers of an
// interrupted one. keep "" retires them all (no chunk of a source has an
// empty generation).
func (s *Chunks) RetireOthers(ctx ctxT, company, sourceID, keep string, now time.Time) error {
	if err := requireCompany(company); err != nil {
		return err
	}
	_, err := s.coll.UpdateMany(ctx,
		bson.M{"company_id": company, "source_id": sourceID, "generation": bson.M{"$ne": keep}, "deleted": false},
		bson.M{"$set": bson.M{"deleted": true, "active": false, "updated_at": now.UTC()}})
	if err != nil {
		return fmt.Errorf("retire chunks: %w", err)
	}
	return nil
}

// Delete tombstones one live chunk and returns it as it was.
func (s *Chunks) Delete(ctx ctxT, sc domain.Scope, id string, now time.Time) (domain.Chunk, error) {
	c, err := s.Get(ctx, sc, id)
	if err != nil {
		return domain.Chunk{}, err
	}
	res, err := s.coll.UpdateOne(ctx, bson.M{"_id": mustOID(c.ID), "company_id": c.CompanyID, "deleted": false},
		bson.M{"$set": bson.M{"deleted": true, "active": false, "updated_at": now.UTC()}})
	if err != nil {
		return domain.Chunk{}, fmt.Errorf("delete chunk: %w", err)
	}
	if res.MatchedCount == 0 {
		return domain.Chunk{}, fmt.Errorf("chunk %s: %w", id, errs.ErrNotFound)
	}
	return c, nil
}

// Changes reads the chunks changed after the position (updated_at, id) —
// deleted and unfinished ones too — oldest first, at most limit. The
// index poller calls it with the explicit AllCompanies scope.
func (s *Chunks) Changes(ctx ctxT, sc domain.Scope, after domain.Cursor, limit int) ([]domain.Chunk, error) {
	f, err := companyFilter(sc)
	if err != nil {
		return nil, err
	}
	at := after.At.UTC()
	if oid, err := bson.ObjectIDFromHex(after.ID); err == nil {
		f["$or"] = bson.A{bson.M{"updated_at": bson.M{"$gt": at}}, bson.M{"updated_at": at, "_id": bson.M{"$gt": oid}}}
	} else {
		f["updated_at"] = bson.M{"$gte": at}
	}
	opts := options.Find().SetSort(bson.D{{Key: "updated_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	cur, err := s.coll.Find(ctx, f, opts)
	if err != nil {
		return nil, fmt.Errorf("chunk changes: %w", err)
	}
	return decodeChunks(ctx, cur)
}

// StaleEmbeddings reads up to limit live chunks embedded by another model
// than model (or not at all); an ingest in progress embeds its own.
func (s *Chunks) StaleEmbeddings(ctx ctxT, sc domain.Scope, model string, limit int) ([]domain.Chunk, error) {
	f, err := companyFilter(sc)
	if err != nil {
		return nil, err
	}
	f["deleted"], f["active"] = false, true
	f["embedding_model"] = bson.M{"$ne": model}
	cur, err := s.coll.Find(ctx, f, options.Find().SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("stale embeddings: %w", err)
	}
	return decodeChunks(ctx, cur)
}

// SetEmbedding stores a new embedding of a chunk, unless the chunk's text
// changed since it was read (its updated_at then differs).
func (s *Chunks) SetEmbedding(ctx ctxT, c domain.Chunk, vector []float32, model string, now time.Time) error {
	if err := requireCompany(c.CompanyID); err != nil {
		return err
	}
	_, err := s.coll.UpdateOne(ctx,
		bson.M{"_id": mustOID(c.ID), "company_id": c.CompanyID, "updated_at": c.UpdatedAt.UTC(), "deleted": false},
		bson.M{"$set": bson.M{"vector": encodeVector(vector), "dims": len(vector), "embedding_model": model, "updated_at": now.UTC()}})
	if err != nil {
		return fmt.Errorf("set embedding: %w", err)
	}
	return nil
}

// PurgeTombstones removes, in every company (AllCompanies scope only), the
// chunks not served since before the cut-off: deleted ones, and the
// inactive leftovers of an ingest that died before activating them (even
// the first ingest of a ref, whose source was never saved and which no
// later ingest would retire). Nothing inactive is that old otherwise: an
// ingest holds its lease for minutes.
func (s *Chunks) PurgeTombstones(ctx ctxT, sc domain.Scope, before time.Time) (int64, error) {
	if !sc.AllCompanies {
		return 0, fmt.Errorf("purge tombstones: %w", errNoTenant)
	}
	res, err := s.coll.DeleteMany(ctx, bson.M{"active": false, "updated_at": bson.M{"$lt": before.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("purge tombstones: %w", err)
	}
	return res.DeletedCount, nil
}

func mustOID(id string) bson.ObjectID {
	oid, _ := mongox.ParseID(id)
	return oid
}
