package domain_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy/tenancytest"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
)

// fakeCounter is the tickets service: fixed counts per campaign, and the
// company each call named.
type fakeCounter struct {
	mu     sync.Mutex
	counts map[string]domain.TicketCounts
	asked  []string
}

func (f *fakeCounter) CountTickets(_ context.Context, company, campaign string) (domain.TicketCounts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, company)
	return f.counts[campaign], nil
}

// clock is a settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// env is a service on a fresh database with two companies of users.
type env struct {
	svc     *domain.Service
	db      *mongo.Database
	dir     *tenancytest.Directory
	counter *fakeCounter
	clock   *clock
	log     *slog.Logger
	// Company A.
	admin, manager, writer, client principal.Principal
	// Company B.
	managerB principal.Principal
	super    principal.Principal
}

var quiet = slog.New(slog.NewJSONHandler(io.Discard, nil))

func newEnv(t *testing.T) *env {
	t.Helper()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, quiet, store.Migrations); err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, dir: tenancytest.NewDirectory(),
		counter: &fakeCounter{counts: map[string]domain.TicketCounts{}}, clock: &clock{now: time.Now().UTC()}, log: quiet}
	e.svc = e.newService(t, e.clock.Now)
	coA, coB, coSys := bson.NewObjectID().Hex(), bson.NewObjectID().Hex(), bson.NewObjectID().Hex()
	e.admin = e.user(coA, principal.RoleCompanyAdmin)
	e.manager = e.user(coA, principal.RoleContentManager)
	e.writer = e.user(coA, principal.RoleContentWriter)
	e.client = e.user(coA, principal.RoleClient)
	e.managerB = e.user(coB, principal.RoleContentManager)
	e.super = e.user(coSys, principal.RoleSuperadmin)
	return e
}

// newService is another instance (a replica) on the same database.
func (e *env) newService(t *testing.T, now func() time.Time) *domain.Service {
	t.Helper()
	svc, err := domain.New(domain.Deps{Campaigns: store.NewCampaigns(e.db), History: store.NewHistory(e.db),
		Directory: e.dir, Tickets: e.counter, Agents: foreignAgents{}, Log: e.log, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func (e *env) user(company, role string) principal.Principal {
	p := principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: company, Role: role, Token: "t"}
	e.dir.AddUser(p)
	return p
}

// create makes a draft campaign as p (fatal on error).
func (e *env) create(t *testing.T, p principal.Principal, in domain.CreateInput) domain.Campaign {
	t.Helper()
	if in.Name == "" {
		in.Name = "Spring launch"
	}
	c, err := e.svc.Create(t.Context(), p, in)
	if err != nil {
		t.Fatalf("create campaign: %v", err)
	}
	return c
}

// planned is a create input with dates around now.
func planned(now time.Time, start, end time.Duration) domain.CreateInput {
	s, en := now.Add(start), now.Add(end)
	return domain.CreateInput{Name: "Planned", StartAt: &s, EndAt: &en, Channels: []string{"blog"}}
}

func (e *env) history(t *testing.T, c domain.Campaign) []domain.HistoryEntry {
	t.Helper()
	hs, _, err := e.svc.History(t.Context(), e.manager, c.ID, domain.Page{Limit: 1000, Sort: "at"})
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	return hs
}

// isKind reports whether err is of the errs kind (or a 422 for nil kind).
func isKind(err, kind error) bool {
	if kind == nil {
		var ve *errs.ValidationError
		return errors.As(err, &ve)
	}
	return errors.Is(err, kind)
}

func ptr[T any](v T) *T { return &v }

// foreignAgent is the one agent id the test agents service does not know
// (another company's agent); every other id is an agent.
const foreignAgent = "ffffffffffffffffffffffff"

type foreignAgents struct{}

func (foreignAgents) MissingAgents(_ context.Context, _ string, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		if id == foreignAgent {
			out = append(out, id)
		}
	}
	return out, nil
}
