package domain_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
	"github.com/copydesk/copydesk/services/campaigns/internal/store"
)

// fakePlanner is the agents service: n pieces spread over the window (or
// err), and the requests it got.
type fakePlanner struct {
	mu    sync.Mutex
	err   error
	late  bool // propose one piece after end_at (a broken agent)
	asked []domain.PlanRequest
}

func (f *fakePlanner) ProposePlan(_ context.Context, r domain.PlanRequest) (domain.Proposal, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, r)
	if f.err != nil {
		return domain.Proposal{}, f.err
	}
	span := r.Campaign.EndAt.Sub(r.WindowStart)
	out := domain.Proposal{PersonaVersion: 3, Model: "m", Provider: "offline",
		Sources: []domain.PlanSource{{N: 1, ChunkID: "k1", SourceID: "s1", Title: "Boots", Ref: "boots.md"}}}
	for i := range r.Pieces {
		out.Pieces = append(out.Pieces, domain.Piece{Title: fmt.Sprintf("Piece %d", i+1), Type: r.Types[i%len(r.Types)],
			Channel: r.Channels[i%len(r.Channels)], Brief: "brief", Sources: []int{1},
			TargetDate: r.WindowStart.Add(span * time.Duration(i+1) / time.Duration(r.Pieces+1)).Truncate(time.Millisecond)})
	}
	if f.late {
		out.Pieces[0].TargetDate = r.Campaign.EndAt.Add(time.Hour)
	}
	return out, nil
}

// fakeTickets is the tickets service's CreateTicket: one ticket per key
// (also under concurrency), failing with failErr after failAfter creates
// when set.
type fakeTickets struct {
	mu        sync.Mutex
	byKey     map[string]domain.PlannedTicket
	ids       map[string]string
	calls     int
	failAfter int
	failErr   error
}

func newFakeTickets() *fakeTickets {
	return &fakeTickets{byKey: map[string]domain.PlannedTicket{}, ids: map[string]string{}}
}

func (f *fakeTickets) CreateTicket(_ context.Context, t domain.PlannedTicket) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.failErr != nil && len(f.byKey) >= f.failAfter {
		return "", f.failErr
	}
	if id, ok := f.ids[t.Key]; ok {
		return id, nil
	}
	f.byKey[t.Key] = t
	f.ids[t.Key] = bson.NewObjectID().Hex()
	return f.ids[t.Key], nil
}

func (f *fakeTickets) created() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.byKey)
}

// planAgents is the agents service of the plan tests: foreignAgents, and
// the agents deleted since (delete).
type planAgents struct {
	mu      sync.Mutex
	deleted map[string]bool
}

func (a *planAgents) MissingAgents(ctx context.Context, companyID string, ids []string) ([]string, error) {
	out, err := foreignAgents{}.MissingAgents(ctx, companyID, ids)
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, id := range ids {
		if a.deleted[id] {
			out = append(out, id)
		}
	}
	return out, err
}

func (a *planAgents) delete(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.deleted[id] = true
}

// planEnv is env with the plan use cases.
type planEnv struct {
	*env
	plans   *domain.Plans
	planner *fakePlanner
	tickets *fakeTickets
	agents  *planAgents
}

func newPlanEnv(t *testing.T) *planEnv {
	t.Helper()
	e := &planEnv{env: newEnv(t), planner: &fakePlanner{}, tickets: newFakeTickets(), agents: &planAgents{deleted: map[string]bool{}}}
	svc, err := domain.New(domain.Deps{Campaigns: store.NewCampaigns(e.db), History: store.NewHistory(e.db),
		Directory: e.dir, Tickets: e.counter, Agents: e.agents, Log: e.log, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	plans, err := domain.NewPlans(e.svc, domain.PlanDeps{Plans: store.NewPlans(e.db), Planner: e.planner, Tickets: e.tickets})
	if err != nil {
		t.Fatal(err)
	}
	e.plans = plans
	return e
}

// campaign is a campaign of company A running from a day ago for 30 days.
func (e *planEnv) campaign(t *testing.T) domain.Campaign {
	t.Helper()
	in := planned(e.clock.Now(), -24*time.Hour, 30*24*time.Hour)
	in.Channels = []string{"blog", "email"}
	in.AgentIDs = nil
	return e.create(t, e.manager, in)
}

// propose makes a plan of n pieces (fatal on error).
func (e *planEnv) propose(t *testing.T, c domain.Campaign, n int) domain.Plan {
	t.Helper()
	pl, err := e.plans.CreatePlan(t.Context(), e.manager, domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: n})
	if err != nil {
		t.Fatalf("create plan: %v", err)
	}
	return pl
}

const agentID = "aaaaaaaaaaaaaaaaaaaaaaaa"

var errTicketsDown = errors.New("tickets down")
