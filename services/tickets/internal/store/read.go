package store

import (
	"fmt"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Get reads a ticket in scope.
func (s *Tickets) Get(ctx ctxT, sc domain.Scope, id string) (domain.Ticket, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Ticket{}, err
	}
	f, err := scopeFilter(sc)
	if err != nil {
		return domain.Ticket{}, err
	}
	f["_id"] = oid
	var d ticketDoc
	if err := s.coll.FindOne(ctx, f).Decode(&d); err != nil {
		return domain.Ticket{}, fmt.Errorf("ticket %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}
