package store

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// Update applies ch to the campaign at `version` and bumps the version.
// Exactly one of several concurrent writers of the same version wins, on
// MongoDB and on FerretDB alike — people editing, and scheduler replicas
// ticking at once:
//
//  1. the campaign is read in scope (404 outside it; 409 on another
//     version);
//  2. the writer claims the next version with mongox.ClaimVersion, an
//     insert of "<id>@<version+1>" into campaign_revisions — a unique _id,
//     so of concurrent writers exactly one insert succeeds and the others
//     get 409;
//  3. the winner updates the campaign with a filter on the old version.
//
// Step 2 is what makes it safe on FerretDB 1.24, whose updates are
// read-then-write without isolation (two version-filtered updates can
// both "match" there). A claim whose writer died before step 3 is taken
// over after mongox.StaleClaimAge.
func (s *Campaigns) Update(ctx ctxT, sc domain.Scope, id string, version int64, ch domain.Changes) (domain.Campaign, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return domain.Campaign{}, err
	}
	f, err := scopeFilter(sc)
	if err != nil {
		return domain.Campaign{}, err
	}
	f["_id"] = oid
	var cur campaignDoc
	if err := s.coll.FindOne(ctx, f).Decode(&cur); err != nil {
		return domain.Campaign{}, fmt.Errorf("campaign %s: %w", id, mongox.NotFound(err))
	}
	if cur.Version != version {
		return domain.Campaign{}, domain.StaleError(cur.Version)
	}
	current := func(ctx ctxT) (int64, error) {
		var d campaignDoc
		if err := s.coll.FindOne(ctx, bson.M{"_id": oid}).Decode(&d); err != nil {
			return 0, fmt.Errorf("reread campaign %s: %w", id, err)
		}
		return d.Version, nil
	}
	won, err := mongox.ClaimVersion(ctx, s.revisions, oid.Hex(), version, current)
	if err != nil {
		return domain.Campaign{}, fmt.Errorf("claim campaign version: %w", err)
	}
	if !won {
		return domain.Campaign{}, domain.StaleError(version + 1)
	}
	upd := bson.M{"$set": changeSet(ch), "$inc": bson.M{"version": int64(1)}}
	res, err := s.coll.UpdateOne(ctx, bson.M{"_id": oid, "company_id": cur.CompanyID, "version": version}, upd)
	if err != nil {
		return domain.Campaign{}, fmt.Errorf("update campaign %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		return domain.Campaign{}, domain.StaleError(version + 1)
	}
	var d campaignDoc
	if err := s.coll.FindOne(ctx, bson.M{"_id": oid, "company_id": cur.CompanyID}).Decode(&d); err != nil {
		return domain.Campaign{}, fmt.Errorf("reread campaign %s: %w", id, err)
	}
	return d.domain(), nil
}

// changeSet is the $set of a change.
func changeSet(ch domain.Changes) bson.M {
	set := bson.M{"updated_at": ch.UpdatedAt}
	str := func(key string, v *string) {
		if v != nil {
			set[key] = *v
		}
	}
	list := func(key string, v *[]string) {
		if v != nil {
			set[key] = nonNil(*v)
		}
	}
	str("name", ch.Name)
	str("description", ch.Description)
	str("goal", ch.Goal)
	str("status", ch.Status)
	str("audience", ch.Audience)
	str("currency", ch.Currency)
	str("owner_id", ch.OwnerID)
	list("channels", ch.Channels)
	list("agent_ids", ch.AgentIDs)
	list("tags", ch.Tags)
	if ch.BudgetCents != nil {
		set["budget_cents"] = *ch.BudgetCents
	}
	if ch.StartAt != nil {
		set["start_at"] = *ch.StartAt
	}
	if ch.EndAt != nil {
		set["end_at"] = *ch.EndAt
	}
	if ch.ClearDates {
		set["start_at"] = nil
		set["end_at"] = nil
	}
	if ch.Deleted {
		set["deleted"] = true
		set["deleted_at"] = ch.UpdatedAt
	}
	return set
}
