package domain_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// TestTicketReferences: campaign_id and agent_id must look like ids, an
// agent_id must be an agent and a campaign_id a campaign of the ticket's
// company (the agents and campaigns services say so; 422 otherwise), and
// clients may not set them (403).
func TestTicketReferences(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	campaign, agent, agentB := bson.NewObjectID().Hex(), bson.NewObjectID().Hex(), bson.NewObjectID().Hex()
	campaign2, campaignB := bson.NewObjectID().Hex(), bson.NewObjectID().Hex()
	e.agents.add(e.manager.CompanyID, agent)
	e.agents.add(e.managerB.CompanyID, agentB)
	e.campaigns.add(e.manager.CompanyID, campaign)
	e.campaigns.add(e.manager.CompanyID, campaign2)
	e.campaigns.add(e.managerB.CompanyID, campaignB)
	creates := []struct {
		name                string
		who                 principal.Principal
		campaignID, agentID string
		want, field         string
	}{
		{"manager, nonsense campaign", e.manager, "nonsense", "", "422", "campaign_id"},
		{"manager, nonsense agent", e.manager, "", "nonsense", "422", "agent_id"},
		{"manager, 23 hex", e.manager, campaign[:23], "", "422", "campaign_id"},
		{"manager, both ids", e.manager, campaign, agent, "ok", ""},
		{"manager, agent of another company", e.manager, "", agentB, "422", "agent_id"},
		{"manager, unknown agent", e.manager, "", bson.NewObjectID().Hex(), "422", "agent_id"},
		{"manager, campaign of another company", e.manager, campaignB, "", "422", "campaign_id"},
		{"manager, unknown campaign", e.manager, bson.NewObjectID().Hex(), "", "422", "campaign_id"},
		{"superadmin (own company), campaign of company A", e.super, campaign, "", "422", "campaign_id"},
		{"manager, upper-case id", e.manager, strings.ToUpper(campaign), "", "ok", ""},
		{"writer, campaign", e.writer, campaign, "", "ok", ""},
		{"client, campaign", e.client, campaign, "", "403", ""},
		{"client, agent", e.client, "", agent, "403", ""},
		{"client, none", e.client, "", "", "ok", ""},
	}
	for _, tt := range creates {
		t.Run("create "+tt.name, func(t *testing.T) {
			tk, err := e.svc.Create(ctx, tt.who, domain.CreateInput{Title: "Post", CampaignID: tt.campaignID, AgentID: tt.agentID})
			if kind(err) != tt.want {
				t.Fatalf("got %s (%v), want %s", kind(err), err, tt.want)
			}
			if tt.field != "" && !hasField(err, tt.field) {
				t.Fatalf("422 not on %s: %v", tt.field, err)
			}
			if err == nil && (tk.CampaignID != strings.ToLower(tt.campaignID) || tk.AgentID != tt.agentID) {
				t.Fatalf("stored refs %q %q", tk.CampaignID, tk.AgentID)
			}
		})
	}

	// Updates: the client created tk (open), so it may edit it — but not
	// its references; sending the unchanged value is fine.
	tk, err := e.svc.Create(ctx, e.client, domain.CreateInput{Title: "Client post"})
	if err != nil {
		t.Fatal(err)
	}
	tk, err = e.svc.Update(ctx, e.manager, tk.ID, domain.UpdateInput{Version: tk.Version, CampaignID: &campaign})
	if err != nil || tk.CampaignID != campaign {
		t.Fatalf("manager links a campaign: %+v %v", tk, err)
	}
	str := func(s string) *string { return &s }
	updates := []struct {
		name        string
		who         principal.Principal
		in          domain.UpdateInput
		want, field string
	}{
		{"manager, nonsense campaign", e.manager, domain.UpdateInput{CampaignID: str("nonsense")}, "422", "campaign_id"},
		{"manager, nonsense agent", e.manager, domain.UpdateInput{AgentID: str("x")}, "422", "agent_id"},
		{"client, other campaign", e.client, domain.UpdateInput{CampaignID: str(bson.NewObjectID().Hex())}, "403", ""},
		{"client, clears campaign", e.client, domain.UpdateInput{CampaignID: str("")}, "403", ""},
		{"client, agent", e.client, domain.UpdateInput{AgentID: str(agent)}, "403", ""},
		{"manager, agent of another company", e.manager, domain.UpdateInput{AgentID: str(agentB)}, "422", "agent_id"},
		{"manager, campaign of another company", e.manager, domain.UpdateInput{CampaignID: str(campaignB)}, "422", "campaign_id"},
		{"manager, unknown campaign", e.manager, domain.UpdateInput{CampaignID: str(bson.NewObjectID().Hex())}, "422", "campaign_id"},
		{"manager, agent", e.manager, domain.UpdateInput{AgentID: str(agent)}, "ok", ""},
		{"client, unchanged campaign", e.client, domain.UpdateInput{CampaignID: str(campaign), Title: str("Client post 2")}, "ok", ""},
		{"manager, another own campaign", e.manager, domain.UpdateInput{CampaignID: str(campaign2)}, "ok", ""},
		{"manager, clears campaign", e.manager, domain.UpdateInput{CampaignID: str("")}, "ok", ""},
	}
	for _, tt := range updates {
		t.Run("update "+tt.name, func(t *testing.T) {
			before := e.stored(t, tk.ID)
			tt.in.Version = before.Version
			_, err := e.svc.Update(ctx, tt.who, tk.ID, tt.in)
			if kind(err) != tt.want {
				t.Fatalf("got %s (%v), want %s", kind(err), err, tt.want)
			}
			if tt.field != "" && !hasField(err, tt.field) {
				t.Fatalf("422 not on %s: %v", tt.field, err)
			}
			if after := e.stored(t, tk.ID); err != nil && after.Version != before.Version {
				t.Fatalf("a refused update changed the ticket: %+v", after)
			}
		})
	}
	if got := e.stored(t, tk.ID); got.CampaignID != "" || got.Title != "Client post 2" {
		t.Fatalf("final ticket %+v", got)
	}
}

// TestCampaignsDown: when the campaigns service cannot answer, a ticket
// naming a campaign is refused with ErrUnavailable (503) — never stored
// unchecked — and one without a campaign is not affected.
func TestCampaignsDown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	campaign := bson.NewObjectID().Hex()
	e.campaigns.add(e.manager.CompanyID, campaign)
	e.campaigns.setDown(true)
	if _, err := e.svc.Create(ctx, e.manager, domain.CreateInput{Title: "Linked", CampaignID: campaign}); !errors.Is(err, errs.ErrUnavailable) {
		t.Fatalf("create with campaigns down: %v", err)
	}
	tk, err := e.svc.Create(ctx, e.manager, domain.CreateInput{Title: "Unlinked"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Update(ctx, e.manager, tk.ID, domain.UpdateInput{Version: tk.Version, CampaignID: &campaign}); !errors.Is(err, errs.ErrUnavailable) {
		t.Fatalf("update with campaigns down: %v", err)
	}
	if got := e.stored(t, tk.ID); got.CampaignID != "" || got.Version != tk.Version {
		t.Fatalf("ticket changed: %+v", got)
	}
	list, _, err := e.svc.List(ctx, e.manager, domain.ListInput{Page: domain.Page{Limit: 10}})
	if err != nil || len(list) != 1 {
		t.Fatalf("tickets stored: %d %v", len(list), err)
	}
}

// TestUpdateDueAtAndClearTogether: due_at with clear_due_at is a 422 and
// changes nothing (it used to clear silently).
func TestUpdateDueAtAndClearTogether(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	due := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Millisecond)
	tk, err := e.svc.Create(t.Context(), e.manager, domain.CreateInput{Title: "Dated", DueAt: &due})
	if err != nil {
		t.Fatal(err)
	}
	later := due.Add(24 * time.Hour)
	_, err = e.svc.Update(t.Context(), e.manager, tk.ID, domain.UpdateInput{Version: tk.Version, DueAt: &later, ClearDueAt: true})
	if kind(err) != "422" || !hasField(err, "clear_due_at") {
		t.Fatalf("due_at with clear_due_at: %v", err)
	}
	if got := e.stored(t, tk.ID); got.Version != tk.Version || got.DueAt == nil || !got.DueAt.Equal(due) {
		t.Fatalf("ticket changed: %+v", got)
	}
	tk, err = e.svc.Update(t.Context(), e.manager, tk.ID, domain.UpdateInput{Version: tk.Version, ClearDueAt: true})
	if err != nil || tk.DueAt != nil {
		t.Fatalf("clear_due_at alone: %+v %v", tk.DueAt, err)
	}
}
