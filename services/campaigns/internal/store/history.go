package store

import (
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// NewHistory returns the campaigns' history store (domain.HistoryStore):
// the shared mongox.History on campaign_history, entries naming their
// campaign in campaign_id.
func NewHistory(db *mongo.Database) *mongox.History {
	return mongox.NewHistory(db.Collection(historyColl), "campaign_id")
}
