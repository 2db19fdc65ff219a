// Package history is the change log every versioned entity keeps (a
// ticket, a campaign): one entry per change, who made it and when, what
// moved from what to what, and Diff, which finds the fields of an update
// that really change. It imports no database code, so domain packages use
// it directly; pkg/mongox.History stores the entries.
package history

import (
	"context"
	"time"

	"github.com/copydesk/copydesk/pkg/listing"
)

// Entry is one recorded change of the entity EntityID: who (ActorID, or
// Automatic for a service's own job), when (At), what (Action, Field),
// from → to, a note, and the version the change produced (0: not
// recorded).
type Entry struct {
	ID        string
	CompanyID string
	EntityID  string
	ActorID   string
	Automatic bool
	At        time.Time
	Action    string
	Field     string
	From      string
	To        string
	Note      string
	Version   int64
}

// Store keeps the entries of one kind of entity, by the entity's company.
type Store interface {
	// AppendHistory stores entries; each names its company.
	AppendHistory(ctx context.Context, entries []Entry) error
	// ListHistory pages the entries of one entity of a company by time,
	// ties in insertion order.
	ListHistory(ctx context.Context, companyID, entityID string, p listing.Page) ([]Entry, int64, error)
}
