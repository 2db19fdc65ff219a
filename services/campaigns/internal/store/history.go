package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// History implements domain.HistoryStore, in its own collection (no array
// inside the campaign that grows without bound).
type History struct {
	coll *mongo.Collection
}

// NewHistory returns the store on db.
func NewHistory(db *mongo.Database) *History { return &History{coll: db.Collection(historyColl)} }

var _ domain.HistoryStore = (*History)(nil)

type historyDoc struct {
	ID         bson.ObjectID `bson:"_id"`
	CompanyID  string        `bson:"company_id"`
	CampaignID string        `bson:"campaign_id"`
	ActorID    string        `bson:"actor_id"`
	Automatic  bool          `bson:"automatic"`
	At         time.Time     `bson:"at"`
	Action     string        `bson:"action"`
	Field      string        `bson:"field"`
	From       string        `bson:"from"`
	To         string        `bson:"to"`
	Note       string        `bson:"note"`
	Version    int64         `bson:"version"`
}

// InsertHistory stores history entries.
func (h *History) InsertHistory(ctx ctxT, entries []domain.HistoryEntry) error {
	if len(entries) == 0 {
		return nil
	}
	docs := make([]any, 0, len(entries))
	for _, e := range entries {
		if e.CompanyID == "" {
			return errNoTenant
		}
		docs = append(docs, historyDoc{ID: bson.NewObjectID(), CompanyID: e.CompanyID, CampaignID: e.CampaignID,
			ActorID: e.ActorID, Automatic: e.Automatic, At: e.At, Action: e.Action, Field: e.Field,
			From: e.From, To: e.To, Note: e.Note, Version: e.Version})
	}
	if _, err := h.coll.InsertMany(ctx, docs); err != nil {
		return fmt.Errorf("insert campaign history: %w", err)
	}
	return nil
}

// ListHistory pages a campaign's history by time (ties by insertion
// order).
func (h *History) ListHistory(ctx ctxT, company, campaignID string, p domain.Page) ([]domain.HistoryEntry, int64, error) {
	if company == "" {
		return nil, 0, errNoTenant
	}
	var docs []historyDoc
	total, err := mongox.FindPage(ctx, h.coll, bson.M{"company_id": company, "campaign_id": campaignID},
		mongox.Page{Skip: p.Skip, Limit: p.Limit, Sort: "at", Desc: p.Desc}, &docs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.HistoryEntry, 0, len(docs))
	for _, d := range docs {
		out = append(out, domain.HistoryEntry{ID: d.ID.Hex(), CompanyID: d.CompanyID, CampaignID: d.CampaignID,
			ActorID: d.ActorID, Automatic: d.Automatic, At: d.At.UTC(), Action: d.Action, Field: d.Field,
			From: d.From, To: d.To, Note: d.Note, Version: d.Version})
	}
	return out, total, nil
}
