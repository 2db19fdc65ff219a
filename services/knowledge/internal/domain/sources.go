package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/principal"
)

// GetSource reads one source in p's scope.
func (s *Service) GetSource(ctx context.Context, p principal.Principal, id string) (Source, error) {
	sc, err := readScope(p, "")
	if err != nil {
		return Source{}, err
	}
	return s.sources.Get(ctx, sc, id)
}

// ListSources pages the sources p may read.
func (s *Service) ListSources(ctx context.Context, p principal.Principal, company string, f SourceFilter, pg Page) ([]Source, int64, error) {
	sc, err := readScope(p, company)
	if err != nil {
		return nil, 0, err
	}
	return s.sources.List(ctx, sc, f, pg)
}

// DeleteSource deletes a source and all its chunks.
func (s *Service) DeleteSource(ctx context.Context, p principal.Principal, id string) (Source, error) {
	sc, err := writeScope(p)
	if err != nil {
		return Source{}, err
	}
	src, err := s.sources.Get(ctx, sc, id)
	if err != nil {
		return Source{}, err
	}
	// Chunks first: a crash after this leaves a source without chunks,
	// which a retry of the delete finishes, never chunks without a source.
	now := s.now()
	if err := s.chunks.RetireOthers(ctx, src.CompanyID, src.ID, "", now); err != nil {
		return Source{}, err
	}
	s.gate.local(func() { s.index.DeleteSource(src.CompanyID, src.ID) })
	deleted, err := s.sources.MarkDeleted(ctx, sc, id, now)
	if err == nil && src.File != nil {
		s.discardFile(ctx, src.CompanyID, src.Generation)
	}
	return deleted, err
}
