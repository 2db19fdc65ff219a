package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

// TestTicketListsTheAPIAccepts sends the ticket lists no other test sent,
// for every sort, so that the query check (mongotest.DB) proves an index
// serves each: a client's list and "mine" filtered by tag (the followers
// branch: the follower's index, the tag checked on its tickets within the
// company, querycheck.ArrayFields) and the cross-company prefix search.
// "mine" with a tag across companies is refused (400): no index serves it.
func TestTicketListsTheAPIAccepts(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations)
	tickets := store.NewTickets(db)
	now := time.Now().UTC()
	mk := func(title, by string, tags, followers []string) {
		t.Helper()
		if _, err := tickets.Create(t.Context(), domain.Ticket{CompanyID: "a", Title: title, Type: "other", Priority: "normal",
			Status: domain.StatusOpen, CreatedBy: by, Tags: tags, Followers: followers, Version: 1, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	mk("Refund for order", "u", []string{"x"}, nil)
	mk("Followed, tagged", "v", []string{"x"}, []string{"u"})
	mk("Followed, other tag", "v", []string{"y"}, []string{"u"})
	mk("Someone else's", "v", []string{"x"}, nil)
	client := domain.Scope{Scope: tenancy.OneCompany("a"), VisibleTo: "u"}
	company := domain.Scope{Scope: tenancy.OneCompany("a")}
	every := domain.Scope{Scope: tenancy.EveryCompany()}
	for _, sort := range []string{"number", "title", "status", "priority", "due_at", "created_at", "updated_at"} {
		for _, desc := range []bool{false, true} {
			p := domain.Page{Limit: 10, Sort: sort, Desc: desc}
			if _, n, err := tickets.List(t.Context(), client, domain.ListFilter{Tag: "x"}, p); err != nil || n != 2 {
				t.Fatalf("client's list by tag, sort %s: %d, %v; want 2", sort, n, err)
			}
			if _, n, err := tickets.List(t.Context(), company, domain.ListFilter{Tag: "x", MineOf: "u"}, p); err != nil || n != 1 {
				t.Fatalf("mine by tag, sort %s: %d, %v; want 1", sort, n, err)
			}
			if _, n, err := tickets.List(t.Context(), every, domain.ListFilter{Q: "REFUND"}, p); err != nil || n != 1 {
				t.Fatalf("prefix search across companies, sort %s: %d, %v; want 1", sort, n, err)
			}
		}
	}
	_, _, err := tickets.List(t.Context(), every, domain.ListFilter{Tag: "x", MineOf: "u"}, domain.Page{Limit: 10})
	if !errors.Is(err, errs.ErrBadRequest) {
		t.Fatalf("mine by tag across companies: %v, want a bad request", err)
	}
}
