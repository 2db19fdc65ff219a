package domain_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// A proposal is stored as proposed with numbered pieces inside the
// window; writers read it, clients nothing, another company 404.
func TestCreatePlanAndRead(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t)
	c := e.campaign(t)
	pl := e.propose(t, c, 3)
	if pl.Status != domain.PlanProposed || len(pl.Pieces) != 3 || pl.Pieces[2].ID != "p3" || pl.NextPiece != 4 || pl.Version != 1 ||
		pl.CompanyID != c.CompanyID || pl.AgentID != agentID || pl.PersonaVersion != 3 || len(pl.Sources) != 1 {
		t.Fatalf("plan %+v", pl)
	}
	now := e.clock.Now()
	for _, pc := range pl.Pieces {
		if pc.TargetDate.Before(now.Add(-time.Second)) || pc.TargetDate.After(*c.EndAt) {
			t.Errorf("piece %s due %s: outside [now %s, end %s]", pc.ID, pc.TargetDate, now, c.EndAt)
		}
	}
	if r := e.planner.asked[0]; !slices.Equal(r.Channels, []string{"blog", "email"}) || len(r.Types) == 0 || r.WindowStart.Before(*c.StartAt) {
		t.Fatalf("planner asked %+v", r)
	}
	got, err := e.plans.GetPlan(t.Context(), e.writer, c.ID, pl.ID)
	if err != nil || got.ID != pl.ID || len(got.Pieces) != 3 {
		t.Fatalf("writer get: %+v %v", got, err)
	}
	list, n, err := e.plans.ListPlans(t.Context(), e.writer, c.ID, []string{"proposed"}, domain.Page{Limit: 10, Sort: "created_at", Desc: true})
	if err != nil || n != 1 || list[0].ID != pl.ID {
		t.Fatalf("writer list: %v %d %v", list, n, err)
	}
	if _, err := e.plans.GetPlan(t.Context(), e.client, c.ID, pl.ID); !isKind(err, errs.ErrPermissionDenied) {
		t.Errorf("client get: %v", err)
	}
	if _, err := e.plans.GetPlan(t.Context(), e.managerB, c.ID, pl.ID); !isKind(err, errs.ErrNotFound) {
		t.Errorf("company B get: %v", err)
	}
	other := e.create(t, e.manager, planned(now, 0, time.Hour))
	if _, err := e.plans.GetPlan(t.Context(), e.manager, other.ID, pl.ID); !isKind(err, errs.ErrNotFound) {
		t.Errorf("plan under another campaign: %v", err)
	}
	if _, _, err := e.plans.ListPlans(t.Context(), e.manager, c.ID, []string{"bogus"}, domain.Page{Limit: 10}); !isKind(err, nil) {
		t.Errorf("bogus status filter: %v", err)
	}
	// A subset of the campaign's channels narrows the plan to it.
	narrow, err := e.plans.CreatePlan(t.Context(), e.manager, domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 2, Channels: []string{"email"}})
	if err != nil || !slices.Equal(narrow.Channels, []string{"email"}) || !slices.Equal(e.planner.asked[len(e.planner.asked)-1].Channels, []string{"email"}) {
		t.Fatalf("narrowed to email: %+v %v", narrow, err)
	}
	for _, pc := range narrow.Pieces {
		if pc.Channel != "email" {
			t.Errorf("piece %s on %q, want email", pc.ID, pc.Channel)
		}
	}
}

// Bad requests are refused before the agent is asked; an agent's failure
// or a proposal outside the window stores nothing.
func TestCreatePlanRefusals(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t)
	c := e.campaign(t)
	undated := e.create(t, e.manager, domain.CreateInput{Name: "Undated"})
	for name, tc := range map[string]struct {
		in   domain.CreatePlanInput
		who  func() error
		kind error
	}{
		"0 pieces":          {in: domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 0}},
		"51 pieces":         {in: domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 51}},
		"no agent":          {in: domain.CreatePlanInput{CampaignID: c.ID, Pieces: 2}},
		"foreign channel":   {in: domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 2, Channels: []string{"podcast"}}},
		"undated campaign":  {in: domain.CreatePlanInput{CampaignID: undated.ID, AgentID: agentID, Pieces: 2}},
		"writer":            {in: domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 2}, kind: errs.ErrPermissionDenied},
		"company B manager": {in: domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 2}, kind: errs.ErrNotFound},
	} {
		p := e.manager
		switch name {
		case "writer":
			p = e.writer
		case "company B manager":
			p = e.managerB
		}
		if _, err := e.plans.CreatePlan(t.Context(), p, tc.in); !isKind(err, tc.kind) {
			t.Errorf("%s: %v, want %v", name, err, tc.kind)
		}
	}
	if len(e.planner.asked) != 0 {
		t.Fatalf("refused requests asked the agent %d times", len(e.planner.asked))
	}
	e.planner.err = errs.New(errs.ErrUnavailable, "agent down")
	if _, err := e.plans.CreatePlan(t.Context(), e.manager, domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 2}); !isKind(err, errs.ErrUnavailable) {
		t.Fatalf("agent down: %v", err)
	}
	e.planner.err, e.planner.late = nil, true
	if _, err := e.plans.CreatePlan(t.Context(), e.manager, domain.CreatePlanInput{CampaignID: c.ID, AgentID: agentID, Pieces: 2}); !isKind(err, errs.ErrUnavailable) {
		t.Fatalf("late piece: %v", err)
	}
	if _, n, _ := e.plans.ListPlans(t.Context(), e.manager, c.ID, nil, domain.Page{Limit: 10}); n != 0 {
		t.Fatalf("%d plans stored by failed proposals", n)
	}
}

// A manager changes, drops and adds pieces in one versioned edit; dates
// outside the campaign, unknown ids and stale versions change nothing.
func TestUpdatePlanPieces(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t)
	c := e.campaign(t)
	pl := e.propose(t, c, 3)
	edit := []domain.Piece{pl.Pieces[0], pl.Pieces[2], {Title: "New one", Type: "email", Channel: "email", TargetDate: c.EndAt.Add(-time.Hour)}}
	edit[0].Title = "Changed"
	for name, bad := range map[string][]domain.Piece{
		"after end_at": {{Title: "x", Type: "email", Channel: "email", TargetDate: c.EndAt.Add(time.Minute)}},
		"unknown id":   {{ID: "p99", Title: "x", Type: "email", Channel: "email", TargetDate: *c.EndAt}},
		"bad channel":  {{Title: "x", Type: "email", Channel: "podcast", TargetDate: *c.EndAt}},
		"bad type":     {{Title: "x", Type: "essay", Channel: "email", TargetDate: *c.EndAt}},
		"bad source":   {{Title: "x", Type: "email", Channel: "email", TargetDate: *c.EndAt, Sources: []int{7}}},
		"no pieces":    {},
		"twice the id": {pl.Pieces[0], pl.Pieces[0]},
		"51 pieces":    slices.Repeat([]domain.Piece{{Title: "x", Type: "email", Channel: "email", TargetDate: *c.EndAt}}, 51),
		"empty title":  {{Title: " ", Type: "email", Channel: "email", TargetDate: *c.EndAt}},
		"before start": {{Title: "x", Type: "email", Channel: "email", TargetDate: c.StartAt.Add(-time.Minute)}},
	} {
		if _, err := e.plans.UpdatePlan(t.Context(), e.manager, domain.UpdatePlanInput{CampaignID: c.ID, PlanID: pl.ID, Version: 1, Pieces: bad}); !isKind(err, nil) {
			t.Errorf("%s: %v, want 422", name, err)
		}
	}
	if _, err := e.plans.UpdatePlan(t.Context(), e.writer, domain.UpdatePlanInput{CampaignID: c.ID, PlanID: pl.ID, Version: 1, Pieces: edit}); !isKind(err, errs.ErrPermissionDenied) {
		t.Errorf("writer edit: %v", err)
	}
	got, err := e.plans.UpdatePlan(t.Context(), e.manager, domain.UpdatePlanInput{CampaignID: c.ID, PlanID: pl.ID, Version: 1, Pieces: edit})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{got.Pieces[0].ID, got.Pieces[1].ID, got.Pieces[2].ID}
	if got.Version != 2 || !slices.Equal(ids, []string{"p1", "p3", "p4"}) || got.Pieces[0].Title != "Changed" || got.NextPiece != 5 {
		t.Fatalf("edited plan %+v", got)
	}
	if _, err := e.plans.UpdatePlan(t.Context(), e.manager, domain.UpdatePlanInput{CampaignID: c.ID, PlanID: pl.ID, Version: 1, Pieces: edit}); !isKind(err, errs.ErrConflict) {
		t.Fatalf("stale edit: %v", err)
	}
}

// Accepting makes one ticket per piece (linked, due on the target date,
// keyed by plan and piece); accepting again creates nothing; an accepted
// plan can be neither edited nor rejected; a rejected one not accepted.
func TestAcceptAndReject(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t)
	c := e.campaign(t)
	pl := e.propose(t, c, 3)
	if _, err := e.plans.AcceptPlan(t.Context(), e.writer, c.ID, pl.ID, 0); !isKind(err, errs.ErrPermissionDenied) {
		t.Fatalf("writer accept: %v", err)
	}
	if _, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, pl.ID, 7); !isKind(err, errs.ErrConflict) {
		t.Fatalf("stale accept: %v", err)
	}
	acc, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, pl.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Status != domain.PlanAccepted || acc.DecidedBy != e.manager.UserID || acc.DecidedAt == nil || e.tickets.created() != 3 {
		t.Fatalf("accepted %+v, %d tickets", acc, e.tickets.created())
	}
	for _, pc := range acc.Pieces {
		tk := e.tickets.byKey["plan:"+pl.ID+":"+pc.ID]
		if pc.TicketID == "" || tk.CampaignID != c.ID || tk.AgentID != agentID || !tk.DueAt.Equal(pc.TargetDate) || tk.Title != pc.Title || tk.Type != pc.Type {
			t.Errorf("piece %+v ticket %+v", pc, tk)
		}
	}
	again, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, pl.ID, 0)
	if err != nil || again.Version != acc.Version || e.tickets.created() != 3 {
		t.Fatalf("accept again: %+v %v, %d tickets", again, err, e.tickets.created())
	}
	if _, err := e.plans.RejectPlan(t.Context(), e.manager, c.ID, pl.ID, 0, ""); !isKind(err, errs.ErrConflict) {
		t.Fatalf("reject accepted: %v", err)
	}
	if _, err := e.plans.UpdatePlan(t.Context(), e.manager, domain.UpdatePlanInput{CampaignID: c.ID, PlanID: pl.ID, Version: acc.Version, Pieces: acc.Pieces}); !isKind(err, errs.ErrConflict) {
		t.Fatalf("edit accepted: %v", err)
	}

	other := e.propose(t, c, 2)
	rej, err := e.plans.RejectPlan(t.Context(), e.manager, c.ID, other.ID, 1, "Not now")
	if err != nil || rej.Status != domain.PlanRejected || rej.Note != "Not now" {
		t.Fatalf("reject: %+v %v", rej, err)
	}
	if _, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, other.ID, 0); !isKind(err, errs.ErrConflict) || e.tickets.created() != 3 {
		t.Fatalf("accept rejected: %v", err)
	}
}

// An accept checks the plan again: its agent deleted since is 409, a piece
// outside the campaign's dates as they are now (moved since) is 422; both
// leave the plan proposed and make no ticket.
func TestAcceptRefusals(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t)
	c := e.campaign(t)
	gone := e.propose(t, c, 2)
	e.agents.delete(agentID)
	if _, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, gone.ID, 1); !isKind(err, errs.ErrConflict) || e.tickets.created() != 0 {
		t.Errorf("accept with the agent deleted: %v (%d tickets), want 409", err, e.tickets.created())
	}

	e = newPlanEnv(t)
	c = e.campaign(t)
	pl := e.propose(t, c, 3)
	end := pl.Pieces[2].TargetDate.Add(-time.Hour) // the last piece falls after the new end
	c, err := e.svc.Update(t.Context(), e.manager, c.ID, domain.UpdateInput{Version: c.Version, EndAt: &end})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, pl.ID, 1); !isKind(err, nil) {
		t.Errorf("accept with a piece after the campaign's end: %v, want 422", err)
	}
	got, err := e.plans.GetPlan(t.Context(), e.manager, c.ID, pl.ID)
	if err != nil || got.Status != domain.PlanProposed || e.tickets.created() != 0 {
		t.Fatalf("after the refused accept: %+v %v, %d tickets", got, err, e.tickets.created())
	}
}

// Two acceptances at once answer the same accepted plan and make one
// ticket per piece.
func TestAcceptConcurrently(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t)
	c := e.campaign(t)
	for round := range 3 {
		pl := e.propose(t, c, 4)
		before := e.tickets.created()
		var wg sync.WaitGroup
		got := make([]domain.Plan, 2)
		errsGot := make([]error, 2)
		for i := range 2 {
			wg.Go(func() { got[i], errsGot[i] = e.plans.AcceptPlan(t.Context(), e.manager, c.ID, pl.ID, 0) })
		}
		wg.Wait()
		for i := range 2 {
			if errsGot[i] != nil || got[i].Status != domain.PlanAccepted {
				t.Fatalf("round %d call %d: %+v %v", round, i, got[i], errsGot[i])
			}
		}
		if got[0].Version != got[1].Version || got[0].Pieces[3].TicketID != got[1].Pieces[3].TicketID || e.tickets.created()-before != 4 {
			t.Fatalf("round %d: %+v / %+v, %d new tickets", round, got[0], got[1], e.tickets.created()-before)
		}
	}
}

// An acceptance cut short (the tickets service fails after two tickets)
// leaves the plan accepting; the next call finishes it without a second
// ticket for any piece.
func TestAcceptCompletesOnRetry(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t)
	c := e.campaign(t)
	pl := e.propose(t, c, 4)
	e.tickets.failAfter, e.tickets.failErr = 2, errTicketsDown
	if _, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, pl.ID, 0); err == nil {
		t.Fatal("accept with the tickets service down succeeded")
	}
	mid, _ := e.plans.GetPlan(t.Context(), e.manager, c.ID, pl.ID)
	if mid.Status != domain.PlanAccepting || e.tickets.created() != 2 {
		t.Fatalf("after the failure: %s with %d tickets", mid.Status, e.tickets.created())
	}
	if _, err := e.plans.RejectPlan(t.Context(), e.manager, c.ID, pl.ID, 0, ""); !isKind(err, errs.ErrConflict) {
		t.Fatalf("reject accepting: %v", err)
	}
	e.tickets.failErr = nil
	acc, err := e.plans.AcceptPlan(t.Context(), e.manager, c.ID, pl.ID, 0)
	if err != nil || acc.Status != domain.PlanAccepted || e.tickets.created() != 4 {
		t.Fatalf("retry: %+v %v, %d tickets", acc, err, e.tickets.created())
	}
}
