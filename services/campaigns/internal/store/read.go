package store

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Create stores a new campaign and returns it with its id.
func (s *Campaigns) Create(ctx ctxT, c domain.Campaign) (domain.Campaign, error) {
	if err := mongox.RequireTenant(c.CompanyID); err != nil {
		return domain.Campaign{}, err
	}
	d := toDoc(c)
	d.ID = bson.NewObjectID()
	if _, err := s.coll.InsertOne(ctx, d); err != nil {
		return domain.Campaign{}, fmt.Errorf("insert campaign: %w", err)
	}
	return d.domain(), nil
}

// Get reads a campaign in scope.
func (s *Campaigns) Get(ctx ctxT, sc domain.Scope, id string) (domain.Campaign, error) {
	f, err := mongox.LiveFilter(sc)
	if err != nil {
		return domain.Campaign{}, err
	}
	return mongox.Get(ctx, s.coll, f, id, campaignDoc.domain)
}

// LiveIDs returns which of ids are live campaigns of company.
func (s *Campaigns) LiveIDs(ctx ctxT, company string, ids []string) ([]string, error) {
	return mongox.LiveIDs(ctx, s.coll, company, ids)
}
