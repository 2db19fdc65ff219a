package domain_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/netguard"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/pkg/tenancy/tenancytest"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

// env is a service on a fresh database with two companies of users.
type env struct {
	svc     *domain.Service
	deps    domain.Deps // svc's (relay_test.go wraps them)
	db      *mongo.Database
	tickets *store.Tickets
	hooks   *store.Webhooks
	dir     *tenancytest.Directory
	agents  *refSet
	// campaigns is the campaigns service of the tests.
	campaigns *refSet
	// wp is the publisher (agents + WordPress) of the tests.
	wp *fakePublisher
	// Company A.
	admin, manager, writer, writer2, client, client2 principal.Principal
	// Company B.
	managerB, clientB principal.Principal
	super             principal.Principal
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := mongotest.DB(t)
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	if err := mongox.Migrate(t.Context(), db, log, store.Migrations); err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, tickets: store.NewTickets(db), hooks: store.NewWebhooks(db, secretbox.Ephemeral()), dir: tenancytest.NewDirectory(), agents: newRefSet(), campaigns: newRefSet(), wp: &fakePublisher{posts: map[int64]domain.PostRequest{}}}
	compA, compB := bson.NewObjectID().Hex(), bson.NewObjectID().Hex()
	user := func(company, role string) principal.Principal {
		p := principal.Principal{UserID: bson.NewObjectID().Hex(), CompanyID: company, Role: role}
		e.dir.AddUser(p)
		return p
	}
	e.admin = user(compA, principal.RoleCompanyAdmin)
	e.manager = user(compA, principal.RoleContentManager)
	e.writer = user(compA, principal.RoleContentWriter)
	e.writer2 = user(compA, principal.RoleContentWriter)
	e.client = user(compA, principal.RoleClient)
	e.client2 = user(compA, principal.RoleClient)
	e.managerB = user(compB, principal.RoleContentManager)
	e.clientB = user(compB, principal.RoleClient)
	e.super = user(bson.NewObjectID().Hex(), principal.RoleSuperadmin)
	e.deps = domain.Deps{
		Tickets: e.tickets, Activity: store.NewActivity(db), Notifications: store.NewNotifications(db),
		Webhooks: e.hooks, Drafts: store.NewDrafts(db), Agents: e.agents, Campaigns: e.campaigns, Directory: e.dir, URLGuard: &netguard.Guard{AllowLoopback: true}, Log: log,
		Publisher: e.wp, Locks: e.tickets,
	}
	svc, err := domain.New(e.deps)
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

// newTicket creates a ticket as the client of company A and assigns the
// writer (as the manager).
func (e *env) newTicket(t *testing.T) domain.Ticket {
	t.Helper()
	tk, err := e.svc.Create(t.Context(), e.client, domain.CreateInput{Title: "Spring launch post", Type: "blog_post"})
	if err != nil {
		t.Fatal(err)
	}
	tk, err = e.svc.Assign(t.Context(), e.manager, tk.ID, e.writer.UserID, tk.Version)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// force puts a ticket into a status without the workflow (test setup).
func (e *env) force(t *testing.T, tk domain.Ticket, status string) domain.Ticket {
	t.Helper()
	if tk.Status == status {
		return tk
	}
	nt, err := e.tickets.Update(t.Context(), domain.Scope{Scope: tenancy.OneCompany(tk.CompanyID)}, tk.ID, tk.Version, domain.Changes{Status: &status})
	if err != nil {
		t.Fatal(err)
	}
	return nt
}

// stored reads a ticket bypassing visibility.
func (e *env) stored(t *testing.T, id string) domain.Ticket {
	t.Helper()
	tk, err := e.tickets.Get(t.Context(), domain.Scope{Scope: tenancy.EveryCompany()}, id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// kind names an error the way a client sees it.
func kind(err error) string {
	var ve *errs.ValidationError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &ve):
		return "422"
	case errors.Is(err, errs.ErrInvalidTransition), errors.Is(err, errs.ErrConflict):
		return "409"
	case errors.Is(err, errs.ErrPermissionDenied):
		return "403"
	case errors.Is(err, errs.ErrNotFound):
		return "404"
	case errors.Is(err, errs.ErrMalformedID):
		return "400"
	}
	return "error: " + err.Error()
}

// hasField reports whether err is a 422 with a violation on field.
func hasField(err error, field string) bool {
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, v := range ve.Violations {
		if v.Field == field {
			return true
		}
	}
	return false
}

// refSet is the agents or the campaigns service of the tests: the live
// ids it knows, by company.
type refSet struct {
	mu     sync.Mutex
	byComp map[string][]string
	down   bool // answers errs.ErrUnavailable
}

func newRefSet() *refSet { return &refSet{byComp: map[string][]string{}} }

func (a *refSet) add(company, id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.byComp[company] = append(a.byComp[company], id)
}

func (a *refSet) setDown(down bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.down = down
}

func (a *refSet) missing(company string, ids []string) ([]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.down {
		return nil, errs.New(errs.ErrUnavailable, "service unavailable")
	}
	var out []string
	for _, id := range ids {
		if !slices.Contains(a.byComp[company], id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func (a *refSet) MissingAgents(_ context.Context, company string, ids []string) ([]string, error) {
	return a.missing(company, ids)
}

func (a *refSet) MissingCampaigns(_ context.Context, company string, ids []string) ([]string, error) {
	return a.missing(company, ids)
}
