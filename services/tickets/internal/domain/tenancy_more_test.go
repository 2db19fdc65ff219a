package domain_test

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// TestTenantIsolationMore: unarchive, webhook changes and lists, and
// ticket counts never reach company A from company B.
func TestTenantIsolationMore(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	adminB := principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: e.managerB.CompanyID, Role: principal.RoleCompanyAdmin}

	// Unarchive of A's archived ticket by B: 404, still archived.
	campaign := bson.NewObjectID().Hex()
	e.campaigns.add(e.manager.CompanyID, campaign)
	tk, err := e.svc.Create(ctx, e.manager, domain.CreateInput{Title: "Archived", CampaignID: campaign})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err = e.svc.SetArchived(ctx, e.manager, tk.ID, true, tk.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetArchived(ctx, e.managerB, tk.ID, false, tk.Version); kind(err) != "404" {
		t.Fatalf("B unarchives A's ticket: %v", err)
	}
	if after := e.stored(t, tk.ID); !after.Archived || after.Version != tk.Version {
		t.Fatalf("B changed A's ticket: %+v", after)
	}

	// Webhooks: B can neither change, delete nor list A's.
	hook, err := e.svc.CreateWebhook(ctx, e.admin, domain.WebhookInput{URL: "http://127.0.0.1:9/a", Secret: "a-long-enough-secret"})
	if err != nil {
		t.Fatal(err)
	}
	url, off := "http://127.0.0.1:9/stolen", false
	for name, op := range map[string]func() error{
		"patch url": func() error {
			_, err := e.svc.UpdateWebhook(ctx, adminB, hook.ID, domain.WebhookChanges{URL: &url})
			return err
		},
		"patch active": func() error {
			_, err := e.svc.UpdateWebhook(ctx, adminB, hook.ID, domain.WebhookChanges{Active: &off})
			return err
		},
		"delete": func() error { _, err := e.svc.DeleteWebhook(ctx, adminB, hook.ID); return err },
		"get":    func() error { _, err := e.svc.GetWebhook(ctx, adminB, hook.ID); return err },
	} {
		if k := kind(op()); k != "404" {
			t.Errorf("B %s of A's webhook: %s, want 404", name, k)
		}
	}
	if got, err := e.svc.GetWebhook(ctx, e.admin, hook.ID); err != nil || got.URL != hook.URL || !got.Active {
		t.Fatalf("A's webhook after B's attempts: %+v %v", got, err)
	}
	for _, active := range []*bool{nil, &off} {
		hs, total, err := e.svc.ListWebhooks(ctx, adminB, active, domain.Page{Limit: 100})
		if err != nil || total != 0 || len(hs) != 0 {
			t.Fatalf("B's webhook list leaks: %d %v", total, err)
		}
	}

	// Counts: a user of B naming company A counts B's tickets (none), a
	// client of B is refused; a superadmin and a service do reach A.
	service := principal.Principal{UserID: "campaigns", Role: principal.RoleService}
	for _, c := range []struct {
		name string
		p    principal.Principal
		want string
		n    int64
	}{
		{"manager of B", e.managerB, "ok", 0},
		{"client of B", e.clientB, "403", 0},
		{"superadmin", e.super, "ok", 1},
		{"service", service, "ok", 1},
		{"manager of A", e.manager, "ok", 1},
	} {
		got, err := e.svc.CountTickets(ctx, c.p, e.manager.CompanyID, campaign)
		if kind(err) != c.want || got.Total != c.n {
			t.Errorf("%s counts A's campaign: %d %v, want %d %s", c.name, got.Total, err, c.n, c.want)
		}
	}
}
