package store

import (
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Campaigns implements domain.CampaignStore.
type Campaigns struct {
	coll      *mongo.Collection
	versioned mongox.Versioned
}

// NewCampaigns returns the store on db.
func NewCampaigns(db *mongo.Database) *Campaigns {
	coll := db.Collection(campaignsColl)
	return &Campaigns{coll: coll, versioned: mongox.Versioned{Docs: coll, Claims: db.Collection(revisionsColl), Stale: domain.StaleError}}
}

var _ domain.CampaignStore = (*Campaigns)(nil)

// campaignDoc is the stored form. start_at and end_at are null when
// unset; the budget is an int64 of cents (no Decimal128 on FerretDB).
type campaignDoc struct {
	ID          bson.ObjectID `bson:"_id,omitempty"`
	CompanyID   string        `bson:"company_id"`
	Name        string        `bson:"name"`
	NameLower   string        `bson:"name_lower"` // the prefix search across companies
	Description string        `bson:"description"`
	Goal        string        `bson:"goal"`
	Status      string        `bson:"status"`
	StartAt     *time.Time    `bson:"start_at"`
	EndAt       *time.Time    `bson:"end_at"`
	Channels    []string      `bson:"channels"`
	Audience    string        `bson:"audience"`
	BudgetCents int64         `bson:"budget_cents"`
	Currency    string        `bson:"currency"`
	AgentIDs    []string      `bson:"agent_ids"`
	Tags        []string      `bson:"tags"`
	OwnerID     string        `bson:"owner_id"`
	CreatedBy   string        `bson:"created_by"`
	Deleted     bool          `bson:"deleted"`
	DeletedAt   *time.Time    `bson:"deleted_at"`
	Version     int64         `bson:"version"`
	CreatedAt   time.Time     `bson:"created_at"`
	UpdatedAt   time.Time     `bson:"updated_at"`
	// Pending history (pending.go) and the time of the oldest entry.
	Pending      []pendingEntry `bson:"pending_history,omitempty"`
	PendingSince *time.Time     `bson:"pending_since,omitempty"`
}

func toDoc(c domain.Campaign) campaignDoc {
	d := campaignDoc{
		CompanyID: c.CompanyID, Name: c.Name, NameLower: strings.ToLower(c.Name), Description: c.Description, Goal: c.Goal, Status: c.Status,
		StartAt: c.StartAt, EndAt: c.EndAt, Channels: mongox.NonNil(c.Channels), Audience: c.Audience,
		BudgetCents: c.BudgetCents, Currency: c.Currency, AgentIDs: mongox.NonNil(c.AgentIDs), Tags: mongox.NonNil(c.Tags),
		OwnerID: c.OwnerID, CreatedBy: c.CreatedBy, Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
	d.Pending, d.PendingSince = toPending(c.Pending)
	return d
}

func (d campaignDoc) domain() domain.Campaign {
	return domain.Campaign{
		ID: d.ID.Hex(), CompanyID: d.CompanyID, Name: d.Name, Description: d.Description, Goal: d.Goal,
		Status: d.Status, StartAt: mongox.UTC(d.StartAt), EndAt: mongox.UTC(d.EndAt), Channels: mongox.NonNil(d.Channels),
		Audience: d.Audience, BudgetCents: d.BudgetCents, Currency: d.Currency, AgentIDs: mongox.NonNil(d.AgentIDs),
		Tags: mongox.NonNil(d.Tags), OwnerID: d.OwnerID, CreatedBy: d.CreatedBy, Deleted: d.Deleted, Version: d.Version,
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(), Pending: pendingDomain(d.Pending),
	}
}
