package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Plans implements domain.PlanStore: one document per plan, its pieces
// and sources embedded (a plan is written whole, so an insert or a
// versioned update changes all of it or nothing).
type Plans struct {
	coll      *mongo.Collection
	versioned mongox.Versioned
}

// NewPlans returns the store on db.
func NewPlans(db *mongo.Database) *Plans {
	coll := db.Collection(plansColl)
	return &Plans{coll: coll, versioned: mongox.Versioned{Docs: coll, Claims: db.Collection(planRevisionsColl), Stale: domain.PlanStaleError}}
}

var _ domain.PlanStore = (*Plans)(nil)

type pieceDoc struct {
	ID         string    `bson:"id"`
	Title      string    `bson:"title"`
	Type       string    `bson:"type"`
	Channel    string    `bson:"channel"`
	Brief      string    `bson:"brief"`
	TargetDate time.Time `bson:"target_date"`
	Sources    []int     `bson:"sources"`
	TicketID   string    `bson:"ticket_id"`
}

type planSourceDoc struct {
	N        int    `bson:"n"`
	ChunkID  string `bson:"chunk_id"`
	SourceID string `bson:"source_id"`
	Title    string `bson:"title"`
	Ref      string `bson:"ref"`
	URL      string `bson:"url"`
}

type planDoc struct {
	ID             bson.ObjectID   `bson:"_id,omitempty"`
	CompanyID      string          `bson:"company_id"`
	CampaignID     string          `bson:"campaign_id"`
	AgentID        string          `bson:"agent_id"`
	PersonaVersion int64           `bson:"persona_version"`
	Status         string          `bson:"status"`
	Pieces         []pieceDoc      `bson:"pieces"`
	Sources        []planSourceDoc `bson:"sources"`
	Instructions   string          `bson:"instructions"`
	Channels       []string        `bson:"channels"`
	Model          string          `bson:"model"`
	Provider       string          `bson:"provider"`
	NextPiece      int64           `bson:"next_piece"`
	Version        int64           `bson:"version"`
	CreatedBy      string          `bson:"created_by"`
	CreatedAt      time.Time       `bson:"created_at"`
	UpdatedAt      time.Time       `bson:"updated_at"`
	DecidedBy      string          `bson:"decided_by"`
	DecidedAt      *time.Time      `bson:"decided_at"`
	Note           string          `bson:"note"`
}

func toPieceDocs(ps []domain.Piece) []pieceDoc {
	out := make([]pieceDoc, 0, len(ps))
	for _, p := range ps {
		src := p.Sources
		if src == nil {
			src = []int{}
		}
		out = append(out, pieceDoc{ID: p.ID, Title: p.Title, Type: p.Type, Channel: p.Channel, Brief: p.Brief,
			TargetDate: p.TargetDate.UTC(), Sources: src, TicketID: p.TicketID})
	}
	return out
}

func (d planDoc) domain() domain.Plan {
	p := domain.Plan{ID: d.ID.Hex(), CompanyID: d.CompanyID, CampaignID: d.CampaignID, AgentID: d.AgentID, PersonaVersion: d.PersonaVersion,
		Status: d.Status, Pieces: []domain.Piece{}, Sources: []domain.PlanSource{}, Instructions: d.Instructions,
		Channels: mongox.NonNil(d.Channels), Model: d.Model, Provider: d.Provider, NextPiece: d.NextPiece, Version: d.Version,
		CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(), DecidedBy: d.DecidedBy,
		DecidedAt: mongox.UTC(d.DecidedAt), Note: d.Note}
	for _, pc := range d.Pieces {
		p.Pieces = append(p.Pieces, domain.Piece{ID: pc.ID, Title: pc.Title, Type: pc.Type, Channel: pc.Channel, Brief: pc.Brief,
			TargetDate: pc.TargetDate.UTC(), Sources: append([]int{}, pc.Sources...), TicketID: pc.TicketID})
	}
	for _, s := range d.Sources {
		p.Sources = append(p.Sources, domain.PlanSource{N: s.N, ChunkID: s.ChunkID, SourceID: s.SourceID, Title: s.Title, Ref: s.Ref, URL: s.URL})
	}
	return p
}

// CreatePlan inserts a plan and returns it with its id.
func (s *Plans) CreatePlan(ctx ctxT, p domain.Plan) (domain.Plan, error) {
	if err := mongox.RequireTenant(p.CompanyID); err != nil {
		return domain.Plan{}, err
	}
	d := planDoc{ID: bson.NewObjectID(), CompanyID: p.CompanyID, CampaignID: p.CampaignID, AgentID: p.AgentID,
		PersonaVersion: p.PersonaVersion, Status: p.Status, Pieces: toPieceDocs(p.Pieces), Sources: []planSourceDoc{},
		Instructions: p.Instructions, Channels: mongox.NonNil(p.Channels), Model: p.Model, Provider: p.Provider,
		NextPiece: p.NextPiece, Version: p.Version, CreatedBy: p.CreatedBy, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	for _, src := range p.Sources {
		d.Sources = append(d.Sources, planSourceDoc{N: src.N, ChunkID: src.ChunkID, SourceID: src.SourceID, Title: src.Title, Ref: src.Ref, URL: src.URL})
	}
	if _, err := s.coll.InsertOne(ctx, d); err != nil {
		return domain.Plan{}, fmt.Errorf("insert plan: %w", err)
	}
	return d.domain(), nil
}

// planFilter is the scope's filter narrowed to one campaign.
func planFilter(sc domain.Scope, campaignID string) (bson.M, error) {
	f, err := mongox.TenantFilter(sc)
	if err != nil {
		return nil, err
	}
	f["campaign_id"] = campaignID
	return f, nil
}

// GetPlan reads a plan of a campaign in scope.
func (s *Plans) GetPlan(ctx ctxT, sc domain.Scope, campaignID, id string) (domain.Plan, error) {
	f, err := planFilter(sc, campaignID)
	if err != nil {
		return domain.Plan{}, err
	}
	return mongox.Get(ctx, s.coll, f, id, planDoc.domain)
}

// planSortFields maps public sort names to fields (indexes: company_id,
// campaign_id, [status,] the field, _id).
var planSortFields = map[string]string{"created_at": "created_at", "updated_at": "updated_at"}

// ListPlans pages a campaign's plans in scope, optionally by status.
func (s *Plans) ListPlans(ctx ctxT, sc domain.Scope, campaignID string, statuses []string, pg domain.Page) ([]domain.Plan, int64, error) {
	f, err := planFilter(sc, campaignID)
	if err != nil {
		return nil, 0, err
	}
	switch len(statuses) {
	case 0:
	case 1:
		f["status"] = statuses[0] // an equality: the (…, status, created_at or updated_at, _id) indexes serve it
	default:
		f["status"] = bson.M{"$in": statuses}
	}
	ps, total, err := mongox.List(ctx, s.coll, f, mongox.ByField(pg, planSortFields, "created_at"), planDoc.domain)
	if err != nil {
		return nil, 0, fmt.Errorf("list plans: %w", err)
	}
	return ps, total, nil
}

// UpdatePlan applies ch at version (mongox.Versioned: exactly one of
// concurrent writers of a version wins, on FerretDB too).
func (s *Plans) UpdatePlan(ctx ctxT, sc domain.Scope, id string, version int64, ch domain.PlanChanges) (domain.Plan, error) {
	f, err := mongox.TenantFilter(sc)
	if err != nil {
		return domain.Plan{}, err
	}
	set := bson.M{"updated_at": ch.UpdatedAt}
	for key, v := range map[string]*string{"status": ch.Status, "decided_by": ch.DecidedBy, "note": ch.Note} {
		mongox.SetIf(set, key, v)
	}
	mongox.SetIf(set, "next_piece", ch.NextPiece)
	mongox.SetIf(set, "decided_at", ch.DecidedAt)
	if ch.Pieces != nil {
		set["pieces"] = toPieceDocs(*ch.Pieces)
	}
	var d planDoc
	if err := s.versioned.Update(ctx, f, id, version, bson.M{"$set": set}, &d); err != nil {
		return domain.Plan{}, err
	}
	return d.domain(), nil
}
