package store_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/users/internal/domain"
	"github.com/copydesk/copydesk/services/users/internal/store"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newStore(t *testing.T) (*store.Store, *mongo.Database) {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, quiet, store.Migrations); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return store.New(db), db
}

var now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func company(t *testing.T, s *store.Store, name string) domain.Company {
	t.Helper()
	c := domain.Company{Name: name, NameLower: lower(name), IsActive: true, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateCompany(t.Context(), &c); err != nil {
		t.Fatalf("create company %s: %v", name, err)
	}
	return c
}

func user(t *testing.T, s *store.Store, companyID, email, name, role string, at time.Time) domain.User {
	t.Helper()
	u := domain.User{CompanyID: companyID, Email: email, EmailLower: lower(email), FullName: name, Role: role,
		PasswordHash: "x", IsActive: true, CreatedAt: at, UpdatedAt: at}
	u.Username = domain.UsernameBase(u.EmailLower)
	u.UsernameLower = u.Username
	if err := s.CreateUser(t.Context(), &u); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func lower(s string) string { _, l := domain.NormalizeEmail(s); return l }

func TestMigrationsIdempotent(t *testing.T) {
	t.Parallel()
	_, db := newStore(t)
	if err := mongox.Migrate(t.Context(), db, quiet, store.Migrations); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	for coll, wants := range map[string][]string{store.CompaniesColl: {"name_lower_unique"}, store.UsersColl: {"company_email_unique", "company_username_unique"}} {
		specs, err := db.Collection(coll).Indexes().ListSpecifications(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range wants {
			found := false
			for _, s := range specs {
				found = found || (s.Name == want && s.Unique != nil && *s.Unique)
			}
			if !found {
				t.Fatalf("%s: unique index %s missing", coll, want)
			}
		}
	}
	n, _ := db.Collection("_migrations").CountDocuments(t.Context(), bson.M{"_id": bson.M{"$gte": 1}})
	if int(n) != len(store.Migrations) {
		t.Fatalf("%d migrations recorded, want %d", n, len(store.Migrations))
	}
}

func TestCompanies(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	a := company(t, s, "Acme")
	company(t, s, "beta")
	company(t, s, "Gamma.*")
	dup := domain.Company{Name: "ACME", NameLower: "acme", CreatedAt: now, UpdatedAt: now}
	if err := s.CreateCompany(ctx, &dup); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("duplicate name: %v, want conflict", err)
	}
	if got, err := s.GetCompany(ctx, a.ID); err != nil || got.Name != "Acme" || !got.CreatedAt.Equal(now) {
		t.Fatalf("get: %+v %v", got, err)
	}
	if _, err := s.GetCompany(ctx, bson.NewObjectID().Hex()); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("get missing: %v", err)
	}
	if _, err := s.GetCompany(ctx, "nope"); !errors.Is(err, errs.ErrMalformedID) {
		t.Fatalf("malformed id: %v", err)
	}
	names := func(cs []domain.Company) (out []string) {
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	tests := []struct {
		f     domain.CompanyFilter
		pg    domain.Page
		want  string
		total int64
	}{
		{domain.CompanyFilter{}, domain.Page{Sort: "name"}, "[Acme beta Gamma.*]", 3},
		{domain.CompanyFilter{}, domain.Page{Sort: "name", Desc: true, Limit: 2}, "[Gamma.* beta]", 3},
		{domain.CompanyFilter{}, domain.Page{Sort: "name", Skip: 2}, "[Gamma.*]", 3},
		{domain.CompanyFilter{Q: "BE"}, domain.Page{}, "[beta]", 1},
		{domain.CompanyFilter{Q: "ET"}, domain.Page{}, "[]", 0}, // a prefix (the list spans every company), not a substring
		{domain.CompanyFilter{Q: "gamma.*"}, domain.Page{}, "[Gamma.*]", 1},
		{domain.CompanyFilter{Q: "gamma.."}, domain.Page{}, "[]", 0}, // literal, not a regex
		{domain.CompanyFilter{OnlyID: a.ID}, domain.Page{}, "[Acme]", 1},
	}
	for _, tt := range tests {
		cs, total, err := s.ListCompanies(ctx, tt.f, tt.pg)
		if err != nil || fmt.Sprint(names(cs)) != tt.want || total != tt.total {
			t.Errorf("list %+v %+v: %v total %d err %v; want %s total %d", tt.f, tt.pg, names(cs), total, err, tt.want, tt.total)
		}
	}
	// A sort name the list does not offer (validated in the transport)
	// never reaches a field: the store sorts by created_at.
	if cs, _, err := s.ListCompanies(ctx, domain.CompanyFilter{}, domain.Page{Sort: "description"}); err != nil || fmt.Sprint(names(cs)) != "[Acme beta Gamma.*]" {
		t.Fatalf("unknown sort: %v %v, want creation order", names(cs), err)
	}
	name, nl := "Acme Two", "acme two"
	later := now.Add(time.Hour)
	up, err := s.UpdateCompany(ctx, a.ID, domain.CompanyPatch{Name: &name, NameLower: &nl, UpdatedAt: later})
	if err != nil || up.Name != name || !up.UpdatedAt.Equal(later) {
		t.Fatalf("update: %+v %v", up, err)
	}
	if err := s.DeleteCompany(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCompany(ctx, a.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}
