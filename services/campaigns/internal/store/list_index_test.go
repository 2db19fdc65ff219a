package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
)

// TestCampaignListsTheAPIAccepts sends the lists no other test sent, for
// every sort, so that the query check (mongotest.DB) proves an index
// serves each: campaigns by channel and tag in one company (the channel's
// index, the tag checked on its campaigns, querycheck.ArrayFields), by
// channel across companies (all_channels_created_at, migration 7), the
// cross-company prefix search; a campaign's plans by status sorted by
// updated_at (migration 7). Channel and tag across companies is refused.
func TestCampaignListsTheAPIAccepts(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db)
	campaigns, plans := store.NewCampaigns(db), store.NewPlans(db)
	now := time.Now().UTC()
	mk := func(name string, channels, tags []string) domain.Campaign {
		t.Helper()
		c, err := campaigns.Create(t.Context(), domain.Campaign{CompanyID: "a", Name: name, Status: domain.StatusDraft, Channels: channels,
			Tags: tags, Version: 1, CreatedAt: now, UpdatedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	spring := mk("Spring launch", []string{"email", "blog"}, []string{"x"})
	mk("Email, other tag", []string{"email"}, []string{"y"})
	mk("Blog only", []string{"blog"}, []string{"x"})
	one, every := tenancy.OneCompany("a"), tenancy.EveryCompany()
	for _, sort := range []string{"name", "status", "start_at", "end_at", "budget_cents", "created_at", "updated_at"} {
		for _, desc := range []bool{false, true} {
			p := domain.Page{Limit: 10, Sort: sort, Desc: desc}
			if _, n, err := campaigns.List(t.Context(), one, domain.ListFilter{Channel: "email", Tag: "x"}, p); err != nil || n != 1 {
				t.Fatalf("channel and tag, sort %s: %d, %v; want 1", sort, n, err)
			}
			if _, n, err := campaigns.List(t.Context(), every, domain.ListFilter{Channel: "email"}, p); err != nil || n != 2 {
				t.Fatalf("channel across companies, sort %s: %d, %v; want 2", sort, n, err)
			}
			if _, n, err := campaigns.List(t.Context(), every, domain.ListFilter{Channel: "email", Statuses: []string{domain.StatusDraft}, Q: "SPRING"}, p); err != nil || n != 1 {
				t.Fatalf("channel, status and prefix across companies, sort %s: %d, %v; want 1", sort, n, err)
			}
			if _, n, err := campaigns.List(t.Context(), every, domain.ListFilter{Q: "spring"}, p); err != nil || n != 1 {
				t.Fatalf("prefix search across companies, sort %s: %d, %v; want 1", sort, n, err)
			}
		}
	}
	_, _, err := campaigns.List(t.Context(), every, domain.ListFilter{Channel: "email", Tag: "x"}, domain.Page{Limit: 10})
	if !errors.Is(err, errs.ErrBadRequest) {
		t.Fatalf("channel and tag across companies: %v, want a bad request", err)
	}

	for _, status := range []string{"draft", "accepted"} {
		if _, err := plans.CreatePlan(t.Context(), domain.Plan{CompanyID: "a", CampaignID: spring.ID, Status: status, Version: 1,
			CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	for _, sort := range []string{"created_at", "updated_at"} {
		for _, desc := range []bool{false, true} {
			p := domain.Page{Limit: 10, Sort: sort, Desc: desc}
			if _, n, err := plans.ListPlans(t.Context(), one, spring.ID, []string{"draft"}, p); err != nil || n != 1 {
				t.Fatalf("plans by status, sort %s: %d, %v; want 1", sort, n, err)
			}
			if _, n, err := plans.ListPlans(t.Context(), one, spring.ID, nil, p); err != nil || n != 2 {
				t.Fatalf("plans, sort %s: %d, %v; want 2", sort, n, err)
			}
		}
	}
}
