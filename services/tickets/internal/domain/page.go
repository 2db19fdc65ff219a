package domain

import "github.com/copydesk/copydesk/pkg/listing"

// TicketSorts are the public sort fields of ticket lists.
var TicketSorts = []string{"number", "title", "status", "priority", "due_at", "created_at", "updated_at"}

// NewPage validates list parameters (422 on bad values); see listing.New.
func NewPage(skip, limit int32, sort, order string, sortable []string, def string, defDesc bool) (Page, error) {
	return listing.New(skip, limit, sort, order, sortable, def, defDesc)
}
