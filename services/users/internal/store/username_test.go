package store_test

import (
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/users/internal/domain"
	"github.com/copydesk/copydesk/services/users/internal/store"
)

func TestUsernameUniquePerCompany(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	a, b := company(t, s, "A"), company(t, s, "B")
	jane := user(t, s, a.ID, "jane@a.test", "Jane", principal.RoleClient, now)
	user(t, s, b.ID, "jane@b.test", "Jane of B", principal.RoleClient, now) // the same name in B is fine

	// The index refuses a second "jane" in A (the domain checks first; the
	// index is the last line of defence).
	dup := domain.User{CompanyID: a.ID, Email: "other@a.test", EmailLower: "other@a.test", Username: "JANE",
		UsernameLower: "jane", Role: principal.RoleClient, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateUser(ctx, &dup); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("duplicate username insert: %v, want a conflict", err)
	}
	if taken, _ := s.UsernameTaken(ctx, a.ID, "jane", ""); !taken {
		t.Fatal("UsernameTaken = false for a used username")
	}
	if taken, _ := s.UsernameTaken(ctx, a.ID, "jane", jane.ID); taken {
		t.Fatal("UsernameTaken counts the user itself")
	}
	if us, _ := s.UsersByUsername(ctx, domain.AllCompanies(), "jane"); len(us) != 2 {
		t.Fatalf("UsersByUsername across companies = %v, want 2 users", emails(us))
	}
	got, err := s.UpdateUser(ctx, domain.InCompany(a.ID), jane.ID, domain.UserPatch{Username: ptr("J.Doe"), UsernameLower: ptr("j.doe"), UpdatedAt: now})
	if err != nil || got.Username != "J.Doe" || got.UsernameLower != "j.doe" {
		t.Fatalf("rename = %q/%q, %v", got.Username, got.UsernameLower, err)
	}
	if us, _ := s.UsersByUsername(ctx, domain.InCompany(a.ID), "j.doe"); len(us) != 1 || us[0].ID != jane.ID {
		t.Fatalf("UsersByUsername after the rename = %v", emails(us))
	}
	// A soft delete frees the name.
	if _, err := s.SoftDeleteUser(ctx, domain.InCompany(a.ID), jane.ID, now); err != nil {
		t.Fatal(err)
	}
	if taken, _ := s.UsernameTaken(ctx, a.ID, "j.doe", ""); taken {
		t.Fatal("a deleted user's username is still taken")
	}
	if us, _ := s.UsersByUsername(ctx, domain.AllCompanies(), "j.doe"); len(us) != 0 {
		t.Fatalf("a deleted user is found by username: %v", emails(us))
	}
}

// TestUsernameBackfill runs the username migration over users stored
// before it: each gets its email's local part, the first free numeric
// suffix in its company in creation order, names already set are kept,
// and the index is unique from then on.
func TestUsernameBackfill(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := mongotest.DB(t)
	if err := mongox.Migrate(ctx, db, quiet, store.Migrations[:2]); err != nil {
		t.Fatal(err)
	}
	ca, cb := bson.NewObjectID(), bson.NewObjectID()
	users := db.Collection(store.UsersColl)
	type old struct {
		company bson.ObjectID
		email   string
		set     string // a username set already
		deleted bool
	}
	olds := []old{
		{ca, "jane@a.test", "", false},
		{ca, "x@a.test", "jane2", false}, // already named: kept, so the next jane skips 2
		{ca, "Jane@b.test", "", false},
		{ca, "jane@c.test", "", true},
		{ca, "jane+1@d.test", "", false},
		{ca, "jo@a.test", "", false},
		{cb, "jane@b.test", "", false},
	}
	ids := make([]bson.ObjectID, len(olds))
	for i, o := range olds {
		ids[i] = bson.NewObjectID()
		d := bson.M{"_id": ids[i], "company_id": o.company, "email": o.email, "email_lower": lower(o.email),
			"role": principal.RoleClient, "is_active": true, "deleted_at": nil}
		if o.set != "" {
			d["username"], d["username_lower"] = o.set, o.set
		}
		if o.deleted {
			d["deleted_at"], d["email_lower"] = now, "deleted:"+ids[i].Hex()+":"+lower(o.email)
		}
		if _, err := users.InsertOne(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := mongox.Migrate(ctx, db, quiet, store.Migrations); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	want := []string{"jane", "jane2", "jane3", "deleted:" + ids[3].Hex() + ":jane", "jane1", "jo-user", "jane"}
	for i, id := range ids {
		var d bson.M
		if err := users.FindOne(ctx, bson.M{"_id": id}).Decode(&d); err != nil {
			t.Fatal(err)
		}
		if d["username_lower"] != want[i] {
			t.Errorf("%s: username_lower %v, want %s", olds[i].email, d["username_lower"], want[i])
		}
	}
	s := store.New(db)
	dup := domain.User{CompanyID: ca.Hex(), Email: "new@a.test", EmailLower: "new@a.test", Username: "Jane3",
		UsernameLower: "jane3", Role: principal.RoleClient, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateUser(ctx, &dup); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("insert of a backfilled name: %v, want a conflict (unique index)", err)
	}
}
