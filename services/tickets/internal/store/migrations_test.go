package store_test

import (
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

// oldTicket stores a ticket the way the previous release did.
func oldTicket(t *testing.T, db *mongo.Database, company string, number, version int64) string {
	t.Helper()
	id := bson.NewObjectID()
	now := time.Now().UTC()
	if _, err := db.Collection("tickets").InsertOne(t.Context(), bson.M{"_id": id, "company_id": company, "number": number,
		"title": "old", "type": "other", "priority": "normal", "status": "open", "tags": bson.A{}, "followers": bson.A{},
		"deleted": false, "archived": false, "version": version, "created_at": now, "updated_at": now}); err != nil {
		t.Fatal(err)
	}
	return id.Hex()
}

func migrate(t *testing.T, db *mongo.Database, ms []mongox.Migration) {
	t.Helper()
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.NewJSONHandler(io.Discard, nil)), ms); err != nil {
		t.Fatal(err)
	}
}

// TestNumbersContinueAfterTheCounters: the move from $inc counters to
// numbered slots never hands out a number a company has used — neither a
// ticket's nor one its counter already gave away.
func TestNumbersContinueAfterTheCounters(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations[:6]) // the previous release
	for _, tk := range []struct {
		company string
		number  int64
	}{{"a", 1}, {"a", 2}, {"a", 7}, {"b", 3}} {
		oldTicket(t, db, tk.company, tk.number, 1)
	}
	for company, seq := range map[string]int64{"a": 9, "c": 4} {
		if _, err := db.Collection("ticket_counters").InsertOne(t.Context(), bson.M{"_id": company, "seq": seq}); err != nil {
			t.Fatal(err)
		}
	}
	migrate(t, db, store.Migrations)
	tickets := store.NewTickets(db)
	create := func(company string) int64 {
		t.Helper()
		tk, err := tickets.Create(t.Context(), domain.Ticket{CompanyID: company, Title: "new", Type: "other", Priority: "normal",
			Status: domain.StatusOpen, Version: 1, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()})
		if err != nil {
			t.Fatal(err)
		}
		return tk.Number
	}
	for _, c := range []struct {
		company string
		want    int64
	}{{"a", 10}, {"b", 4}, {"c", 5}, {"d", 1}, {"a", 11}} {
		if got := create(c.company); got != c.want {
			t.Errorf("next number of %s: %d, want %d", c.company, got, c.want)
		}
	}
	// A replica of the previous release, still counting with $inc, takes
	// a number: the next create skips it.
	oldTicket(t, db, "a", 12, 1)
	if got := create("a"); got != 13 {
		t.Errorf("after a number taken by an old replica: %d, want 13", got)
	}
}

// TestOldRevisionClaimsAfterTheUpgrade: an old-format claim of a writer
// that may still be at work keeps blocking its version; a settled one
// (its writer died long ago) no longer blocks the ticket.
func TestOldRevisionClaimsAfterTheUpgrade(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations[:6])
	recent, settled := oldTicket(t, db, "a", 1, 3), oldTicket(t, db, "a", 2, 2)
	now := time.Now().UTC()
	for _, c := range []bson.M{
		{"_id": recent + "#4", "company_id": "a", "ticket_id": recent, "version": int64(4), "at": now},
		{"_id": settled + "#3", "company_id": "a", "ticket_id": settled, "version": int64(3), "at": now.Add(-time.Hour)},
	} {
		if _, err := db.Collection("ticket_revisions").InsertOne(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	migrate(t, db, store.Migrations)
	tickets := store.NewTickets(db)
	title := "edited"
	sc := domain.Scope{Scope: tenancy.OneCompany("a")}
	if _, err := tickets.Update(t.Context(), sc, recent, 3, domain.Changes{Title: &title, UpdatedAt: now}); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("write under a recent old claim: %v, want a conflict", err)
	}
	tk, err := tickets.Update(t.Context(), sc, settled, 2, domain.Changes{Title: &title, UpdatedAt: now})
	if err != nil || tk.Version != 3 || tk.Title != title {
		t.Fatalf("write after a settled old claim: %+v %v", tk, err)
	}
}
