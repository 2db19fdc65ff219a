package domain

import (
	"context"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Get reads a ticket p may see; anything else is errs.ErrNotFound.
func (s *Service) Get(ctx context.Context, p principal.Principal, id string) (Ticket, error) {
	t, _, err := s.get(ctx, p, id)
	return t, err
}
