package domain_test

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// TestTenantIsolation: every ticket operation of company B's manager on a
// ticket of company A is 404, and lists never leak.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.newTicket(t)
	b := e.managerB
	ctx := t.Context()
	title := "hijack"
	ops := map[string]func() error{
		"get": func() error { _, err := e.svc.Get(ctx, b, tk.ID); return err },
		"update": func() error {
			_, err := e.svc.Update(ctx, b, tk.ID, domain.UpdateInput{Version: tk.Version, Title: &title})
			return err
		},
		"delete":    func() error { _, err := e.svc.Delete(ctx, b, tk.ID, tk.Version); return err },
		"status":    func() error { _, err := e.svc.ChangeStatus(ctx, b, tk.ID, "in_progress", "", tk.Version); return err },
		"assign":    func() error { _, err := e.svc.Assign(ctx, b, tk.ID, b.UserID, tk.Version); return err },
		"archive":   func() error { _, err := e.svc.SetArchived(ctx, b, tk.ID, true, tk.Version); return err },
		"followers": func() error { _, err := e.svc.Followers(ctx, b, tk.ID); return err },
		"follow":    func() error { _, err := e.svc.Follow(ctx, b, tk.ID, ""); return err },
		"unfollow":  func() error { _, err := e.svc.Unfollow(ctx, b, tk.ID, e.client.UserID); return err },
		"comments":  func() error { _, _, err := e.svc.Comments(ctx, b, tk.ID, domain.Page{Limit: 10}); return err },
		"comment":   func() error { _, err := e.svc.AddComment(ctx, b, tk.ID, "hi"); return err },
		"history":   func() error { _, _, err := e.svc.History(ctx, b, tk.ID, domain.Page{Limit: 10}); return err },
	}
	for name, op := range ops {
		if k := kind(op()); k != "404" {
			t.Errorf("%s: got %s, want 404", name, k)
		}
	}
	if after := e.stored(t, tk.ID); after.Version != tk.Version || after.Title != tk.Title || len(after.Followers) != 2 {
		t.Fatalf("company B changed A's ticket: %+v", after)
	}
	ts, total, err := e.svc.List(ctx, b, domain.ListInput{Page: domain.Page{Limit: 100}})
	if err != nil || total != 0 || len(ts) != 0 {
		t.Fatalf("B's list leaks: %d %v", total, err)
	}
	ts, _, err = e.svc.List(ctx, b, domain.ListInput{CompanyID: tk.CompanyID, Page: domain.Page{Limit: 100}})
	if err != nil || len(ts) != 0 {
		t.Fatalf("B's list with A's company_id leaks: %d %v", len(ts), err)
	}
	// A malformed id is 400; assigning a user of company B is refused.
	if _, err := e.svc.Get(ctx, e.manager, "nope"); kind(err) != "400" {
		t.Fatalf("malformed id: %v", err)
	}
	if _, err := e.svc.Assign(ctx, e.manager, tk.ID, b.UserID, e.stored(t, tk.ID).Version); kind(err) != "422" {
		t.Fatalf("assign another company's user: %v", err)
	}
	if _, err := e.svc.Assign(ctx, e.manager, tk.ID, e.client2.UserID, e.stored(t, tk.ID).Version); kind(err) != "422" {
		t.Fatalf("assign a client: %v", err)
	}
	// The superadmin sees it.
	if _, err := e.svc.Get(ctx, e.super, tk.ID); err != nil {
		t.Fatalf("superadmin: %v", err)
	}
	// A scope without a company is refused by the store, never widened.
	if _, err := e.tickets.Get(ctx, domain.Scope{}, tk.ID); err == nil {
		t.Fatal("store accepted an empty scope")
	}
}

// TestClientView: a client sees only tickets it created or follows.
func TestClientView(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mine := e.newTicket(t)
	other, err := e.svc.Create(t.Context(), e.manager, domain.CreateInput{Title: "Internal brief"})
	if err != nil {
		t.Fatal(err)
	}
	list := func() []string {
		ts, _, err := e.svc.List(t.Context(), e.client, domain.ListInput{Page: domain.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range ts {
			ids = append(ids, x.ID)
		}
		return ids
	}
	if ids := list(); len(ids) != 1 || ids[0] != mine.ID {
		t.Fatalf("client list: %v", ids)
	}
	if _, err := e.svc.Get(t.Context(), e.client, other.ID); kind(err) != "404" {
		t.Fatalf("client reads unrelated ticket: %v", err)
	}
	if _, err := e.svc.Get(t.Context(), e.client2, mine.ID); kind(err) != "404" {
		t.Fatalf("another client reads it: %v", err)
	}
	if _, err := e.svc.Follow(t.Context(), e.client, other.ID, ""); kind(err) != "404" {
		t.Fatalf("client follows a ticket it cannot see: %v", err)
	}
	// Once a manager adds the client as follower, it sees the ticket.
	if _, err := e.svc.Follow(t.Context(), e.manager, other.ID, e.client.UserID); err != nil {
		t.Fatal(err)
	}
	if ids := list(); len(ids) != 2 {
		t.Fatalf("client list after following: %v", ids)
	}
	// Staff see everything in the company; "mine" narrows to assigned or followed.
	ts, total, err := e.svc.List(t.Context(), e.writer2, domain.ListInput{Page: domain.Page{Limit: 100}})
	if err != nil || total != 2 || len(ts) != 2 {
		t.Fatalf("writer list: %d %v", total, err)
	}
	_, total, err = e.svc.List(t.Context(), e.writer, domain.ListInput{Mine: true, Page: domain.Page{Limit: 100}})
	if err != nil || total != 1 {
		t.Fatalf("writer's mine: %d %v", total, err)
	}
	// A client may not add someone else as follower.
	if _, err := e.svc.Follow(t.Context(), e.client, mine.ID, e.client2.UserID); kind(err) != "403" {
		t.Fatalf("client adds another follower: %v", err)
	}
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.newTicket(t)
	camp := bson.NewObjectID().Hex()
	e.campaigns.add(e.manager.CompanyID, camp)
	_, err := e.svc.Create(t.Context(), e.manager, domain.CreateInput{Title: "Newsletter May", Type: "email", Priority: "urgent", Tags: []string{"news", "may"}, CampaignID: camp})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetArchived(t.Context(), e.manager, a.ID, true, a.Version); err != nil {
		t.Fatal(err)
	}
	count := func(f domain.ListFilter) int64 {
		_, n, err := e.svc.List(t.Context(), e.manager, domain.ListInput{Filter: f, Page: domain.Page{Limit: 100, Sort: "created_at"}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := map[string]struct {
		f    domain.ListFilter
		want int64
	}{
		"default hides archived": {domain.ListFilter{}, 1},
		"archived":               {domain.ListFilter{Archived: true}, 1},
		"status list":            {domain.ListFilter{Statuses: []string{"open,in_review"}}, 1},
		"priority":               {domain.ListFilter{Priority: "urgent"}, 1},
		"type":                   {domain.ListFilter{Type: "blog_post"}, 0},
		"tag":                    {domain.ListFilter{Tag: "news"}, 1},
		"campaign":               {domain.ListFilter{CampaignID: camp}, 1},
		"q case-insensitive":     {domain.ListFilter{Q: "newsLETTER"}, 1},
		"q regex chars literal":  {domain.ListFilter{Q: ".*"}, 0},
		"created_by":             {domain.ListFilter{CreatedBy: e.client.UserID}, 0},
		"assignee archived":      {domain.ListFilter{AssigneeID: e.writer.UserID, Archived: true}, 1},
	}
	for name, c := range cases {
		if got := count(c.f); got != c.want {
			t.Errorf("%s: %d, want %d", name, got, c.want)
		}
	}
	if _, _, err := e.svc.List(t.Context(), e.manager, domain.ListInput{Filter: domain.ListFilter{Statuses: []string{"bogus"}}}); kind(err) != "422" {
		t.Fatalf("bad status filter: %v", err)
	}
}
