// Package atlas is the knowledge search backend for scale past one
// process (KNOWLEDGE_SEARCH_BACKEND=atlas): MongoDB Atlas Search ($search,
// BM25 over title, headings and content) and Atlas Vector Search
// ($vectorSearch, cosine over the stored BSON float32 vectors) rank the
// chunks collection directly, so no replica holds an index in memory. The
// index definitions are in the service README.
//
// This path is NOT exercised by the test suite: neither FerretDB nor a
// self-hosted mongod serves $search or $vectorSearch. It is kept compiling
// and reviewed against the Atlas documentation; try it on an Atlas cluster
// before relying on it.
package atlas

import (
	"context"
	"fmt"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

// Index ranks with Atlas Search and Atlas Vector Search.
type Index struct {
	Chunks      *mongo.Collection
	TextIndex   string // Atlas Search index name
	VectorIndex string // Atlas Vector Search index name
	Model       string // only chunks embedded by it are vector-ranked
}

var _ domain.Index = (*Index)(nil)

// Upsert does nothing: the collection is the index.
func (*Index) Upsert([]domain.Chunk) error { return nil }

// Delete does nothing: a deleted chunk is filtered out by the query.
func (*Index) Delete(string, ...string) int { return 0 }

// DeleteSource does nothing, as Delete.
func (*Index) DeleteSource(string, string) int { return 0 }

// Rank runs the mode's pipeline(s); hybrid fuses both rankings by the same
// weighted reciprocal rank as the in-process index.
func (x *Index) Rank(ctx context.Context, company string, q domain.IndexQuery) ([]domain.IndexHit, error) {
	depth := max(index.DefaultDepth, q.K)
	switch q.Mode {
	case domain.ModeKeyword:
		return x.run(ctx, x.keyword(company, q, q.K))
	case domain.ModeVector:
		return x.run(ctx, x.vector(company, q, q.K))
	}
	kw, err := x.run(ctx, x.keyword(company, q, depth))
	if err != nil {
		return nil, err
	}
	vec, err := x.run(ctx, x.vector(company, q, depth))
	if err != nil {
		return nil, err
	}
	return fuse(q.K, kw, vec), nil
}

func (x *Index) keyword(company string, q domain.IndexQuery, k int) mongo.Pipeline {
	filter := bson.A{
		bson.M{"equals": bson.M{"path": "company_id", "value": company}},
		bson.M{"equals": bson.M{"path": "deleted", "value": false}},
		bson.M{"equals": bson.M{"path": "active", "value": true}},
	}
	if len(q.Filter.Tags) > 0 {
		filter = append(filter, bson.M{"in": bson.M{"path": "tags", "value": q.Filter.Tags}})
	}
	if len(q.Filter.SourceIDs) > 0 {
		filter = append(filter, bson.M{"in": bson.M{"path": "source_id", "value": q.Filter.SourceIDs}})
	}
	compound := bson.M{"must": bson.A{bson.M{"text": bson.M{"query": q.Text, "path": bson.A{"title", "heading_path", "content"}}}}, "filter": filter}
	if q.Filter.AgentID != "" {
		compound["should"] = bson.A{bson.M{"equals": bson.M{"path": "agent_ids", "value": q.Filter.AgentID}}}
	}
	p := mongo.Pipeline{{{Key: "$search", Value: bson.M{"index": x.TextIndex, "compound": compound}}}}
	if q.Filter.AgentID != "" { // this agent's chunks or shared ones (no agent)
		p = append(p, bson.D{{Key: "$match", Value: bson.M{"$or": bson.A{bson.M{"agent_ids": q.Filter.AgentID}, bson.M{"agent_ids": bson.M{"$size": 0}}}}}})
	}
	return append(p, bson.D{{Key: "$limit", Value: k}},
		bson.D{{Key: "$project", Value: bson.M{"_id": 1, "score": bson.M{"$meta": "searchScore"}}}})
}

func (x *Index) vector(company string, q domain.IndexQuery, k int) mongo.Pipeline {
	filter := bson.M{"company_id": company, "deleted": false, "active": true, "embedding_model": x.Model}
	if len(q.Filter.Tags) > 0 {
		filter["tags"] = bson.M{"$in": q.Filter.Tags}
	}
	if len(q.Filter.SourceIDs) > 0 {
		filter["source_id"] = bson.M{"$in": q.Filter.SourceIDs}
	}
	p := mongo.Pipeline{{{Key: "$vectorSearch", Value: bson.M{"index": x.VectorIndex, "path": "vector",
		"queryVector": bson.NewVector(q.Vector), "numCandidates": 20 * k, "limit": k, "filter": filter}}}}
	if q.Filter.AgentID != "" {
		p = append(p, bson.D{{Key: "$match", Value: bson.M{"$or": bson.A{bson.M{"agent_ids": q.Filter.AgentID}, bson.M{"agent_ids": bson.M{"$size": 0}}}}}})
	}
	return append(p, bson.D{{Key: "$project", Value: bson.M{"_id": 1, "score": bson.M{"$meta": "vectorSearchScore"}}}})
}

func (x *Index) run(ctx context.Context, p mongo.Pipeline) ([]domain.IndexHit, error) {
	cur, err := x.Chunks.Aggregate(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("atlas search: %w", err)
	}
	var rows []struct {
		ID    bson.ObjectID `bson:"_id"`
		Score float64       `bson:"score"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("atlas search: %w", err)
	}
	out := make([]domain.IndexHit, len(rows))
	for i, r := range rows {
		out[i] = domain.IndexHit{Chunk: domain.Chunk{ID: r.ID.Hex()}, Score: r.Score}
	}
	return out, nil
}

// fuse is the in-process index's weighted reciprocal-rank fusion over ids.
func fuse(k int, kw, vec []domain.IndexHit) []domain.IndexHit {
	acc := map[string]float64{}
	for _, r := range []struct {
		hits   []domain.IndexHit
		weight float64
	}{{kw, 1}, {vec, index.DefaultVectorWeight}} {
		for i, h := range r.hits {
			acc[h.Chunk.ID] += r.weight / float64(index.DefaultRRFK+i+1)
		}
	}
	out := make([]domain.IndexHit, 0, len(acc))
	for id, s := range acc {
		out = append(out, domain.IndexHit{Chunk: domain.Chunk{ID: id}, Score: s})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Score > out[j].Score || (out[i].Score == out[j].Score && out[i].Chunk.ID < out[j].Chunk.ID)
	})
	return out[:min(k, len(out))]
}
