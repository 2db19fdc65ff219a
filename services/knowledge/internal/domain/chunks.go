package domain

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/knowledge/internal/chunk"
)

// NewChunk is a hand-written chunk.
type NewChunk struct {
	Title, Content, SourceID string
	HeadingPath, Tags        []string
	AgentIDs                 []string
	Position                 int
	CompanyID                string
}

// ChunkChanges are the fields of an edit that are set.
type ChunkChanges struct {
	Title, Content              *string
	HeadingPath, Tags, AgentIDs *[]string
	Position                    *int
}

// CreateChunk stores and embeds a hand-written chunk.
func (s *Service) CreateChunk(ctx context.Context, p principal.Principal, in NewChunk) (Chunk, error) {
	company, err := s.targetCompany(ctx, p, in.CompanyID)
	if err != nil {
		return Chunk{}, err
	}
	var v errs.Validator
	text(&v, "title", in.Title, true, maxTitle)
	text(&v, "content", in.Content, true, maxContent)
	optionalID(&v, "source_id", in.SourceID)
	c := Chunk{
		ID: bson.NewObjectID().Hex(), CompanyID: company, SourceID: in.SourceID, Title: in.Title,
		HeadingPath: headings(&v, in.HeadingPath), Content: in.Content, Position: in.Position,
		Tags: labels(&v, "tags", in.Tags), AgentIDs: idList(&v, "agent_ids", in.AgentIDs, maxAgents),
		TokenCount: chunk.CountTokens(in.Content), Active: true,
	}
	v.Check(in.Position >= 0, "position", "value_error", "position must be 0 or more")
	if err := v.Err(); err != nil {
		return Chunk{}, err
	}
	if c.SourceID != "" {
		src, err := s.sources.Get(ctx, Company(company), c.SourceID)
		if err != nil {
			v.Add("source_id", "not_found", "No source of this company has this id")
			return Chunk{}, v.Err()
		}
		c.Generation = src.Generation
	}
	one := []Chunk{c}
	if _, err := s.embedChunks(ctx, company, one); err != nil {
		return Chunk{}, err
	}
	c = one[0]
	c.CreatedAt, c.UpdatedAt = s.now(), s.now()
	if err := s.chunks.Insert(ctx, []Chunk{c}); err != nil {
		return Chunk{}, err
	}
	s.indexChunks(ctx, []Chunk{c})
	return c, nil
}

// GetChunk reads one chunk in p's scope.
func (s *Service) GetChunk(ctx context.Context, p principal.Principal, id string) (Chunk, error) {
	sc, err := readScope(p, "")
	if err != nil {
		return Chunk{}, err
	}
	return s.chunks.Get(ctx, sc, id)
}

// ListChunks pages the chunks p may read.
func (s *Service) ListChunks(ctx context.Context, p principal.Principal, company string, f ChunkFilter, pg Page) ([]Chunk, int64, error) {
	sc, err := readScope(p, company)
	if err != nil {
		return nil, 0, err
	}
	var v errs.Validator
	optionalID(&v, "source_id", f.SourceID)
	optionalID(&v, "agent_id", f.AgentID)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return s.chunks.List(ctx, sc, f, pg)
}

// UpdateChunk applies the set fields; a new title, heading path or
// content is embedded again before the change is stored, so search never
// ranks the new text by the old vector.
func (s *Service) UpdateChunk(ctx context.Context, p principal.Principal, id string, ch ChunkChanges) (Chunk, error) {
	sc, err := writeScope(p)
	if err != nil {
		return Chunk{}, err
	}
	c, err := s.chunks.Get(ctx, sc, id)
	if err != nil {
		return Chunk{}, err
	}
	var v errs.Validator
	reembed := false
	if ch.Title != nil {
		text(&v, "title", *ch.Title, true, maxTitle)
		reembed = reembed || *ch.Title != c.Title
		c.Title = *ch.Title
	}
	if ch.Content != nil {
		text(&v, "content", *ch.Content, true, maxContent)
		reembed = reembed || *ch.Content != c.Content
		c.Content, c.TokenCount = *ch.Content, chunk.CountTokens(*ch.Content)
	}
	if ch.HeadingPath != nil {
		c.HeadingPath = headings(&v, *ch.HeadingPath)
		reembed = true
	}
	if ch.Tags != nil {
		c.Tags = labels(&v, "tags", *ch.Tags)
	}
	if ch.AgentIDs != nil {
		c.AgentIDs = idList(&v, "agent_ids", *ch.AgentIDs, maxAgents)
	}
	if ch.Position != nil {
		v.Check(*ch.Position >= 0, "position", "value_error", "position must be 0 or more")
		c.Position = *ch.Position
	}
	if err := v.Err(); err != nil {
		return Chunk{}, err
	}
	if reembed {
		one := []Chunk{c}
		if _, err := s.embedChunks(ctx, c.CompanyID, one); err != nil {
			return Chunk{}, err
		}
		c = one[0]
	}
	c.UpdatedAt = s.now()
	if err := s.chunks.Replace(ctx, sc, c); err != nil {
		return Chunk{}, err
	}
	s.indexChunks(ctx, []Chunk{c})
	return c, nil
}

// DeleteChunk deletes a chunk; it leaves this replica's index at once and
// every other replica's with its next poll (and search re-reads hits from
// the store, so no replica returns it even before that).
func (s *Service) DeleteChunk(ctx context.Context, p principal.Principal, id string) (Chunk, error) {
	sc, err := writeScope(p)
	if err != nil {
		return Chunk{}, err
	}
	c, err := s.chunks.Delete(ctx, sc, id, s.now())
	if err != nil {
		return Chunk{}, err
	}
	s.gate.local(func() { s.index.Delete(c.CompanyID, c.ID) })
	if c.SourceID != "" {
		s.recount(ctx, c.CompanyID, c.SourceID)
	}
	return c, nil
}

// recount refreshes a source's chunk count after a chunk left it.
func (s *Service) recount(ctx context.Context, company, sourceID string) {
	left, err := s.chunks.OfSource(ctx, Company(company), sourceID)
	if err == nil {
		err = s.sources.SetChunkCount(ctx, company, sourceID, len(left), s.now())
	}
	if err != nil {
		s.log.WarnContext(ctx, "recount source chunks", "source_id", sourceID, "error", err.Error())
	}
}
