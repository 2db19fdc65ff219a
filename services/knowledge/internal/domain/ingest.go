package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/knowledge/internal/chunk"
)

// IngestInput is a document to split, embed and store.
type IngestInput struct {
	Title, Format, Content string
	SourceType, Ref, URL   string
	Tags, AgentIDs         []string
	Chunking               Chunking
	CompanyID              string
	// File is the original of an upload, kept beside the source.
	File *UploadedFile
}

// IngestResult is the stored source and its chunks.
type IngestResult struct {
	Source    Source
	Chunks    []Chunk
	Unchanged bool
}

// Ingest stores a document as a source and its chunks. One ingest per
// (company, ref) runs at a time on every replica (a lease); a second one
// waits for it and then finds the same fingerprint (nothing to do) or
// replaces it. The new chunks are written inactive, activated together,
// and only then are the previous ones retired, so a reader sees the old
// or the new version, never a mixture of duplicates; a crash leaves
// inactive leftovers that the next ingest of the ref retires (the same
// document again also finishes an interrupted ingest of it: unchanged).
func (s *Service) Ingest(ctx context.Context, p principal.Principal, in IngestInput) (IngestResult, error) {
	company, err := s.targetCompany(ctx, p, in.CompanyID)
	if err != nil {
		return IngestResult{}, err
	}
	if err := s.validateIngest(&in); err != nil {
		return IngestResult{}, err
	}
	fp := fingerprint(in)
	key := "ingest:" + company + ":" + hashHex(in.Ref)
	owner := bson.NewObjectID().Hex()
	if err := s.acquire(ctx, key, owner); err != nil {
		return IngestResult{}, err
	}
	defer func() {
		if err := s.leases.Release(context.WithoutCancel(ctx), key, owner); err != nil {
			s.log.WarnContext(ctx, "release ingest lease", "error", err.Error())
		}
	}()

	old, live, err := s.sources.ByRef(ctx, company, in.Ref)
	if err != nil {
		return IngestResult{}, err
	}
	if live && old.Fingerprint == fp && old.Status == SourceReady {
		return s.unchanged(ctx, old)
	}
	pieces, err := chunk.Split(in.Format, in.Content, chunk.Options{MaxTokens: in.Chunking.MaxTokens, OverlapTokens: in.Chunking.OverlapTokens})
	if err != nil {
		return IngestResult{}, err
	}
	src := Source{
		ID: old.ID, CompanyID: company, Title: in.Title, Type: in.SourceType, Ref: in.Ref, URL: in.URL,
		Format: in.Format, ContentHash: hashHex(in.Content), Fingerprint: fp, Generation: bson.NewObjectID().Hex(),
		ChunkCount: len(pieces), Status: SourceReady, Tags: in.Tags, AgentIDs: in.AgentIDs, CreatedAt: old.CreatedAt,
	}
	if src.ID == "" || !live {
		src.CreatedAt = s.now()
		if src.ID == "" {
			src.ID = bson.NewObjectID().Hex()
		}
	}
	chunks := make([]Chunk, len(pieces))
	for i, pc := range pieces {
		chunks[i] = Chunk{
			ID: bson.NewObjectID().Hex(), CompanyID: company, SourceID: src.ID, Generation: src.Generation,
			Title: in.Title, HeadingPath: pc.HeadingPath, Content: pc.Content, Position: i, Tags: in.Tags,
			AgentIDs: in.AgentIDs, TokenCount: pc.TokenCount,
		}
	}
	if src.EmbeddingModel, err = s.embedChunks(ctx, company, chunks); err != nil {
		return IngestResult{}, err
	}
	if src.File, err = s.keepFile(ctx, company, src.Generation, in.File); err != nil {
		return IngestResult{}, err
	}
	now := s.now()
	src.UpdatedAt = now
	for i := range chunks {
		chunks[i].CreatedAt, chunks[i].UpdatedAt = now, now
	}
	if err := s.chunks.Insert(ctx, chunks); err != nil {
		return IngestResult{}, err
	}
	if err := s.sources.Save(ctx, src); err != nil {
		return IngestResult{}, err
	}
	// A fresh stamp: the pollers' look-back window counts from when the
	// chunks change state, however long the insert took.
	at := s.now()
	if err := s.chunks.Activate(ctx, company, src.ID, src.Generation, at); err != nil {
		return IngestResult{}, err
	}
	if err := s.chunks.RetireOthers(ctx, company, src.ID, src.Generation, at); err != nil {
		return IngestResult{}, err
	}
	for i := range chunks {
		chunks[i].Active, chunks[i].UpdatedAt = true, at
	}
	// The previous version leaves this replica's index at once (the
	// others' with their next poll): left there, it would take places in
	// a top k that the store then refuses.
	s.gate.local(func() {
		s.index.DeleteSource(company, src.ID)
		s.applyChunks(ctx, chunks)
	})
	if old.File != nil && old.Generation != src.Generation {
		s.discardFile(ctx, company, old.Generation) // the replaced original
	}
	s.log.InfoContext(ctx, "document ingested", "source_id", src.ID, "chunks", len(chunks))
	return IngestResult{Source: src, Chunks: chunks}, nil
}

// unchanged answers a re-ingest of the stored version without embedding
// it again. It first finishes what an interrupted ingest of this version
// left undone — its chunks activated, every other generation (leftovers
// included) retired — which writes nothing when that ingest had finished.
func (s *Service) unchanged(ctx context.Context, src Source) (IngestResult, error) {
	before, err := s.chunks.OfSource(ctx, Company(src.CompanyID), src.ID)
	if err != nil {
		return IngestResult{}, err
	}
	at := s.now()
	if err := s.chunks.Activate(ctx, src.CompanyID, src.ID, src.Generation, at); err != nil {
		return IngestResult{}, err
	}
	if err := s.chunks.RetireOthers(ctx, src.CompanyID, src.ID, src.Generation, at); err != nil {
		return IngestResult{}, err
	}
	after, err := s.chunks.OfSource(ctx, Company(src.CompanyID), src.ID)
	if err != nil {
		return IngestResult{}, err
	}
	if !sameIDs(before, after) {
		s.gate.local(func() {
			s.index.DeleteSource(src.CompanyID, src.ID)
			s.applyChunks(ctx, after)
		})
		s.log.InfoContext(ctx, "interrupted ingest finished", "source_id", src.ID, "chunks", len(after))
	}
	return IngestResult{Source: src, Chunks: after, Unchanged: true}, nil
}

func sameIDs(a, b []Chunk) bool {
	return slices.EqualFunc(a, b, func(x, y Chunk) bool { return x.ID == y.ID })
}

// acquire takes the ingest lease of a ref, waiting for another ingest of
// the same ref to finish (bounded by IngestWait).
func (s *Service) acquire(ctx context.Context, key, owner string) error {
	deadline := time.Now().Add(s.cfg.IngestWait)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		ok, err := s.leases.Acquire(ctx, key, owner, s.cfg.IngestLease)
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return errs.New(errs.ErrConflict, "This source is being ingested by another request; retry later")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// embedChunks embeds every chunk in batches and returns the model.
func (s *Service) embedChunks(ctx context.Context, company string, chunks []Chunk) (string, error) {
	var model string
	for start := 0; start < len(chunks); start += s.cfg.EmbedBatch {
		end := min(start+s.cfg.EmbedBatch, len(chunks))
		texts := make([]string, 0, end-start)
		for _, c := range chunks[start:end] {
			texts = append(texts, c.IndexText())
		}
		vecs, m, err := s.embedder.Embed(ctx, company, texts)
		if err != nil {
			return "", fmt.Errorf("embed chunks: %w", err)
		}
		if len(vecs) != len(texts) {
			return "", errors.New("embed chunks: the embedder answered a different number of vectors")
		}
		if model != "" && m != model {
			return "", errors.New("embed chunks: the embedding model changed during the ingest")
		}
		model = m
		for i := range vecs {
			chunks[start+i].Vector, chunks[start+i].EmbeddingModel = vecs[i], m
		}
	}
	return model, nil
}

// indexChunks puts live chunks of the current embedding model into this
// replica's index at once (the other replicas' syncs follow); chunks of
// another model wait for the re-embed job, so one ranking never mixes
// vectors of two models.
func (s *Service) indexChunks(ctx context.Context, cs []Chunk) {
	s.gate.local(func() { s.applyChunks(ctx, cs) })
}

// indexGate orders this replica's own index writes with its sync's. A
// poll may read chunks just before this replica's request changes them
// in the store and in the index (an ingest activating its chunks), and
// apply that read just after: a stale state would undo the request's
// (the upload not found until the next poll). Every own write counts
// itself under mu; a poll applies a read under mu only when no own write
// came between the read and the apply, and otherwise reads again.
type indexGate struct {
	mu     sync.Mutex
	writes atomic.Uint64
}

// local makes one of this replica's own index writes.
func (g *indexGate) local(write func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writes.Add(1)
	write()
}

// applyChunks is indexChunks for a caller that holds the gate.
func (s *Service) applyChunks(ctx context.Context, cs []Chunk) {
	live := make([]Chunk, 0, len(cs))
	for _, c := range cs {
		if c.Active && !c.Deleted && c.EmbeddingModel == s.cfg.EmbeddingModel && len(c.Vector) > 0 {
			live = append(live, c)
		} else {
			s.index.Delete(c.CompanyID, c.ID)
		}
	}
	if err := s.index.Upsert(live); err != nil {
		s.log.ErrorContext(ctx, "index chunks", "error", err.Error())
	}
}

// fingerprint is the hash of everything that decides a source's chunks.
func fingerprint(in IngestInput) string {
	h := sha256.New()
	for _, part := range []string{in.Title, in.Format, in.Content, in.SourceType, in.URL,
		strings.Join(in.Tags, "\x00"), strings.Join(in.AgentIDs, "\x00"),
		fmt.Sprint(in.Chunking.MaxTokens, in.Chunking.OverlapTokens), in.File.fingerprint()} {
		h.Write([]byte(part))
		h.Write([]byte{0xff})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
