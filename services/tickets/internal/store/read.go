package store

import (
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Get reads a ticket in scope.
func (s *Tickets) Get(ctx ctxT, sc domain.Scope, id string) (domain.Ticket, error) {
	f, err := scopeFilter(sc)
	if err != nil {
		return domain.Ticket{}, err
	}
	return mongox.Get(ctx, s.coll, f, id, ticketDoc.domain)
}
