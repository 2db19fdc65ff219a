package store_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
	"github.com/copydesk/copydesk/services/agents/internal/store"
)

// TestIntegrationListsTheAPIAccepts sends every sort the connection list
// accepts, with and without the kind filter, in one company and across
// companies (a superadmin's), so that the query check (mongotest.DB)
// proves an index serves each (migration 6: before, name, kind and
// updated_at sorted in memory and a superadmin's list read every
// connection). Across companies the order is created_at.
func TestIntegrationListsTheAPIAccepts(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.DiscardHandler), store.Migrations); err != nil {
		t.Fatal(err)
	}
	s := store.NewIntegrations(db, secretbox.Ephemeral())
	now := time.Now().UTC()
	for i, c := range []struct{ company, kind, name string }{
		{"a", integrations.KindShopify, "Shop"}, {"a", integrations.KindWordPress, "Blog"}, {"b", integrations.KindShopify, "Other shop"},
	} {
		at := now.Add(time.Duration(i) * time.Second)
		if _, err := s.Create(t.Context(), integrations.Integration{CompanyID: c.company, Kind: c.kind, Name: c.name, CreatedAt: at, UpdatedAt: at}, "secret"); err != nil {
			t.Fatal(err)
		}
	}
	for _, sort := range integrations.Sorts {
		for _, desc := range []bool{false, true} {
			p := integrations.Page{Limit: 10, Sort: sort, Desc: desc}
			for _, c := range []struct {
				name  string
				sc    integrations.Scope
				kind  string
				want  int64
				first string
			}{
				{"one company", tenancy.OneCompany("a"), "", 2, ""},
				{"one company, one kind", tenancy.OneCompany("a"), integrations.KindShopify, 1, "Shop"},
				{"every company", tenancy.EveryCompany(), "", 3, map[bool]string{false: "Shop", true: "Other shop"}[desc]},
				{"every company, one kind", tenancy.EveryCompany(), integrations.KindShopify, 2, map[bool]string{false: "Shop", true: "Other shop"}[desc]},
			} {
				got, n, err := s.List(t.Context(), c.sc, c.kind, p)
				if err != nil || n != c.want || int64(len(got)) != c.want {
					t.Fatalf("%s, sort %s: %d of %d, %v; want %d", c.name, sort, len(got), n, err, c.want)
				}
				if c.first != "" && got[0].Name != c.first {
					t.Fatalf("%s, sort %s desc %v: first %q, want %q (across companies by created_at)", c.name, sort, desc, got[0].Name, c.first)
				}
			}
		}
	}
}

// TestAgentPrefixSearchAcrossCompanies: a superadmin's q is a prefix of
// name_lower, served by all_created_at (no other test sent it).
func TestAgentPrefixSearchAcrossCompanies(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.DiscardHandler), store.Migrations); err != nil {
		t.Fatal(err)
	}
	agents := store.NewAgents(db)
	now := time.Now().UTC()
	for _, c := range []struct{ company, name string }{{"a", "Helper"}, {"b", "helpdesk"}, {"b", "Writer"}} {
		if _, err := agents.Create(t.Context(), domain.Agent{CompanyID: c.company, Name: c.name, Status: "active", Version: 1, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	for _, desc := range []bool{false, true} {
		got, n, err := agents.List(t.Context(), tenancy.EveryCompany(), domain.AgentFilter{Q: "HELP"}, domain.Page{Limit: 10, Sort: "name", Desc: desc})
		if err != nil || n != 2 || len(got) != 2 {
			t.Fatalf("prefix HELP across companies: %d of %d, %v; want 2", len(got), n, err)
		}
	}
}
