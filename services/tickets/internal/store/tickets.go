package store

import (
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Tickets implements domain.TicketStore.
type Tickets struct {
	coll      *mongo.Collection
	numbers   *mongo.Collection // numbered slots per company (create.go)
	requests  *mongo.Collection // idempotency keys (once.go)
	versioned mongox.Versioned  // version claims (update.go)
	// publishClaims: one publish per ticket version (publish.go)
	publishClaims *mongo.Collection
}

// NewTickets returns the store on db.
func NewTickets(db *mongo.Database) *Tickets {
	coll := db.Collection(ticketsColl)
	return &Tickets{coll: coll, numbers: db.Collection(numbersColl), publishClaims: db.Collection(publishClaimsColl),
		requests:  db.Collection(requestsColl),
		versioned: mongox.Versioned{Docs: coll, Claims: db.Collection(revisionsColl), Stale: domain.StaleError}}
}

var _ domain.TicketStore = (*Tickets)(nil)

// ticketDoc is the stored form. due_at is null when unset.
type ticketDoc struct {
	ID           bson.ObjectID   `bson:"_id,omitempty"`
	CompanyID    string          `bson:"company_id"`
	Number       int64           `bson:"number"`
	Title        string          `bson:"title"`
	TitleLower   string          `bson:"title_lower"` // the prefix search across companies
	Description  string          `bson:"description"`
	Type         string          `bson:"type"`
	Priority     string          `bson:"priority"`
	PriorityRank int             `bson:"priority_rank"`
	Status       string          `bson:"status"`
	DueAt        *time.Time      `bson:"due_at"`
	Tags         []string        `bson:"tags"`
	CampaignID   string          `bson:"campaign_id"`
	AgentID      string          `bson:"agent_id"`
	AssigneeID   string          `bson:"assignee_id"`
	Followers    []string        `bson:"followers"`
	CreatedBy    string          `bson:"created_by"`
	Archived     bool            `bson:"archived"`
	Deleted      bool            `bson:"deleted"`
	DeletedAt    *time.Time      `bson:"deleted_at"`
	Version      int64           `bson:"version"`
	CreatedAt    time.Time       `bson:"created_at"`
	UpdatedAt    time.Time       `bson:"updated_at"`
	Publication  *publicationDoc `bson:"publication,omitempty"`
	// Pending events (pending.go) and the time of the oldest.
	Pending      []pendingDoc `bson:"pending_events,omitempty"`
	PendingSince *time.Time   `bson:"pending_since,omitempty"`
}

// publicationDoc is where the ticket was published.
type publicationDoc struct {
	IntegrationID string     `bson:"integration_id"`
	PostID        int64      `bson:"post_id"`
	Link          string     `bson:"link"`
	Status        string     `bson:"status"`
	PublishedAt   *time.Time `bson:"published_at"`
	Error         string     `bson:"error"`
	AttemptedAt   *time.Time `bson:"attempted_at"`
}

func toPublicationDoc(p *domain.Publication) *publicationDoc {
	if p == nil {
		return nil
	}
	d := publicationDoc(*p)
	return &d
}

func (d *publicationDoc) domain() *domain.Publication {
	if d == nil {
		return nil
	}
	p := domain.Publication(*d)
	p.PublishedAt, p.AttemptedAt = mongox.UTC(p.PublishedAt), mongox.UTC(p.AttemptedAt)
	return &p
}

func toDoc(t domain.Ticket) ticketDoc {
	return ticketDoc{
		CompanyID: t.CompanyID, Number: t.Number, Title: t.Title, TitleLower: strings.ToLower(t.Title),
		Description: t.Description, Type: t.Type, Priority: t.Priority, PriorityRank: domain.PriorityRank(t.Priority), Status: t.Status,
		DueAt: t.DueAt, Tags: mongox.NonNil(t.Tags), CampaignID: t.CampaignID, AgentID: t.AgentID, AssigneeID: t.AssigneeID,
		Followers: mongox.NonNil(t.Followers), CreatedBy: t.CreatedBy, Archived: t.Archived, Version: t.Version,
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

func (d ticketDoc) domain() domain.Ticket {
	return domain.Ticket{
		ID: d.ID.Hex(), CompanyID: d.CompanyID, Number: d.Number, Title: d.Title, Description: d.Description,
		Type: d.Type, Priority: d.Priority, Status: d.Status, DueAt: mongox.UTC(d.DueAt), Tags: d.Tags,
		CampaignID: d.CampaignID, AgentID: d.AgentID, AssigneeID: d.AssigneeID, Followers: d.Followers,
		CreatedBy: d.CreatedBy, Archived: d.Archived, Deleted: d.Deleted, Version: d.Version,
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(), Publication: d.Publication.domain(),
		Pending: pendingDomain(d.Pending),
	}
}
