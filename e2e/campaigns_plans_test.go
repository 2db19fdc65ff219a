package e2e

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// The offline provider's plan goes the whole way: a manager asks the
// agent for four pieces (dates inside the window, channels of the
// campaign), edits the proposal (changes one piece, drops one, adds
// one), and two managers accept it at once: one ticket per kept piece,
// linked to the campaign and the agent and due on its target date, which
// the campaign summary counts at once; accepting again creates nothing.
// Writers read plans, clients nothing, another company's campaign or
// agent is 404, and the piece count is capped.
func TestCampaignPlanOfflineRoundTrip(t *testing.T) {
	t.Parallel()
	co, other := newTicketsCo(t), newTicketsCo(t)
	mustIngest(t, co.admin, "boots.md", "markdown", "# Boots\n\nThe spring boots are waxed canvas, made in Porto, for city walkers.")
	agent := newAgent(t, co.admin, map[string]any{"model_settings": map[string]any{"provider": "offline"}})
	otherAgent := newAgent(t, other.admin, map[string]any{"model_settings": map[string]any{"provider": "offline"}})
	camp := planCampaign(t, co)
	ask := map[string]any{"agent_id": str(agent, "id"), "pieces": 4, "instructions": "Lead with the waxed canvas."}

	want(t, call(t, http.MethodPost, plansPath(camp), co.writer.Access, ask), http.StatusForbidden)
	want(t, call(t, http.MethodPost, plansPath(camp), co.client.Access, ask), http.StatusForbidden)
	want(t, call(t, http.MethodPost, plansPath(camp), other.manager.Access, map[string]any{"agent_id": str(otherAgent, "id"), "pieces": 2}), http.StatusNotFound)
	want(t, call(t, http.MethodPost, plansPath(camp), co.manager.Access, map[string]any{"agent_id": str(otherAgent, "id"), "pieces": 2}), http.StatusNotFound)
	for _, n := range []int{0, 51} {
		wantField(t, call(t, http.MethodPost, plansPath(camp), co.manager.Access, map[string]any{"agent_id": str(agent, "id"), "pieces": n}), "pieces")
	}

	asked := time.Now().UTC().Add(-time.Second)
	r := call(t, http.MethodPost, plansPath(camp), co.manager.Access, ask)
	want(t, r, http.StatusOK)
	plan := r.obj(t)
	if str(plan, "status") != "proposed" || len(pieces(t, plan)) != 4 || str(plan, "provider") != "offline" || str(plan, "agent_id") != str(agent, "id") || version(plan) != 1 {
		t.Fatalf("plan: %s", r)
	}
	checkWindow(t, camp, plan, asked)
	if srcs, _ := plan["sources"].([]any); len(srcs) == 0 {
		t.Errorf("the plan names no knowledge source: %s", r)
	}
	second := call(t, http.MethodPost, plansPath(camp), co.manager.Access, ask).obj(t)
	for i, pc := range pieces(t, second) {
		if p0 := pieces(t, plan)[i]; str(pc, "title") != str(p0, "title") || str(pc, "channel") != str(p0, "channel") {
			t.Errorf("offline plans differ: %v / %v", pc, p0)
		}
	}

	l := call(t, http.MethodGet, plansPath(camp)+"?status=proposed", co.writer.Access, nil)
	want(t, l, http.StatusOK)
	if rows := l.list(t); len(rows) != 2 || str(rows[0], "id") != str(second, "id") {
		t.Fatalf("writer's list, newest first: %s", l)
	}
	want(t, call(t, http.MethodGet, plansPath(camp, str(plan, "id")), co.writer.Access, nil), http.StatusOK)
	want(t, call(t, http.MethodGet, plansPath(camp), co.client.Access, nil), http.StatusForbidden)
	want(t, call(t, http.MethodGet, plansPath(camp, str(plan, "id")), co.client.Access, nil), http.StatusForbidden)
	want(t, call(t, http.MethodGet, plansPath(camp, str(plan, "id")), other.manager.Access, nil), http.StatusNotFound)
	want(t, call(t, http.MethodPost, plansPath(camp, str(plan, "id"), "accept"), other.manager.Access, map[string]any{}), http.StatusNotFound)

	ps := pieces(t, plan)
	ps[0]["title"] = "Waxed canvas, explained"
	added := map[string]any{"title": "Last call", "type": "email", "channel": "email", "brief": "Final reminder", "target_date": str(camp, "end_at")}
	late := map[string]any{"title": "Too late", "type": "email", "channel": "email",
		"target_date": rfc3339(time.Now().Add(40 * 24 * time.Hour))}
	patch := func(s session, list []map[string]any, ver int) response {
		return call(t, http.MethodPatch, plansPath(camp, str(plan, "id")), s.Access, map[string]any{"version": ver, "pieces": list})
	}
	want(t, patch(co.writer, []map[string]any{ps[0]}, 1), http.StatusForbidden)
	r = patch(co.manager, []map[string]any{ps[0], late}, 1)
	want(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.String(), "target_date") {
		t.Fatalf("late piece: %s", r)
	}
	r = patch(co.manager, []map[string]any{ps[0], ps[2], ps[3], added}, 1)
	want(t, r, http.StatusOK)
	plan = r.obj(t)
	kept := pieces(t, plan)
	if version(plan) != 2 || len(kept) != 4 || str(kept[0], "title") != "Waxed canvas, explained" || str(kept[1], "id") != "p3" || str(kept[3], "id") != "p5" {
		t.Fatalf("edited: %s", r)
	}
	want(t, patch(co.manager, kept, 1), http.StatusConflict)

	rej := call(t, http.MethodPost, plansPath(camp, str(second, "id"), "reject"), co.manager.Access, map[string]any{"note": "One plan is enough"})
	want(t, rej, http.StatusOK)
	if str(rej.obj(t), "status") != "rejected" {
		t.Fatalf("reject: %s", rej)
	}
	want(t, call(t, http.MethodPost, plansPath(camp, str(second, "id"), "accept"), co.manager.Access, map[string]any{}), http.StatusConflict)

	var wg sync.WaitGroup
	accepted := make([]response, 2)
	for i, s := range []session{co.manager, co.admin} {
		wg.Go(func() {
			accepted[i] = call(t, http.MethodPost, plansPath(camp, str(plan, "id"), "accept"), s.Access, map[string]any{})
		})
	}
	wg.Wait()
	for _, a := range accepted {
		want(t, a, http.StatusOK)
	}
	a0, a1 := pieces(t, accepted[0].obj(t)), pieces(t, accepted[1].obj(t))
	tickets := campaignTickets(t, co.manager, camp)
	if len(tickets) != 4 {
		t.Fatalf("%d tickets after two acceptances, want 4: %v", len(tickets), tickets)
	}
	for i, pc := range a0 {
		if str(pc, "ticket_id") == "" || str(pc, "ticket_id") != str(a1[i], "ticket_id") {
			t.Fatalf("the two acceptances disagree: %v / %v", a0, a1)
		}
		tk := call(t, http.MethodGet, "/api/tickets/"+str(pc, "ticket_id"), co.manager.Access, nil).obj(t)
		due, _ := time.Parse(time.RFC3339Nano, str(tk, "due_at"))
		at, _ := time.Parse(time.RFC3339Nano, str(pc, "target_date"))
		if str(tk, "campaign_id") != str(camp, "id") || str(tk, "agent_id") != str(agent, "id") || !due.Equal(at) ||
			str(tk, "title") != str(pc, "title") || str(tk, "type") != str(pc, "type") {
			t.Errorf("ticket %v of piece %v", tk, pc)
		}
	}
	sum := call(t, http.MethodGet, "/api/campaigns/"+str(camp, "id")+"/summary", co.writer.Access, nil)
	want(t, sum, http.StatusOK)
	if num(sum.obj(t), "total_tickets") != 4 {
		t.Fatalf("summary: %s", sum)
	}
	again := call(t, http.MethodPost, plansPath(camp, str(plan, "id"), "accept"), co.manager.Access, map[string]any{})
	want(t, again, http.StatusOK)
	if n := len(campaignTickets(t, co.manager, camp)); n != 4 || str(again.obj(t), "status") != "accepted" {
		t.Fatalf("accept again: %d tickets, %s", n, again)
	}
	want(t, patch(co.manager, kept, version(again.obj(t))), http.StatusConflict)
}

// A model answer that is no plan (from the fake OpenAI server) is asked
// for again once and then reported as a 503 with nothing stored; a JSON
// plan with dates outside the campaign lands inside it, and the request
// asked the provider for JSON following the plan's schema.
func TestCampaignPlanFromTheModel(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	agent := newAgent(t, co.admin, nil)
	camp := planCampaign(t, co)

	bad := fakeLLM.NewScript(t, "Sure! ", "Here is your plan: ", "a blog post.")
	r := call(t, http.MethodPost, plansPath(camp), co.manager.Access, map[string]any{"agent_id": str(agent, "id"), "pieces": 2,
		"instructions": bad.Prompt("Focus on Porto.")})
	want(t, r, http.StatusServiceUnavailable)
	if n := bad.Requests(); n != 2 {
		t.Fatalf("the model was asked %d times, want 2 (one retry)", n)
	}
	if l := call(t, http.MethodGet, plansPath(camp), co.manager.Access, nil); len(l.list(t)) != 0 {
		t.Fatalf("a failed proposal left a plan: %s", l)
	}

	good := fakeLLM.NewScript(t, `{"pieces":[`,
		`{"title":"Launch post","type":"blog_post","channel":"blog","brief":"Why waxed canvas","target_date":"2001-01-01","sources":[]},`,
		`{"title":"Newsletter","type":"email","channel":"email","brief":"Offer","target_date":"2099-12-31","sources":[]},`,
		`{"title":"Extra","type":"email","channel":"email","brief":"Cut","target_date":"2099-12-31","sources":[]}]}`)
	asked := time.Now().UTC().Add(-time.Second)
	r = call(t, http.MethodPost, plansPath(camp), co.manager.Access, map[string]any{"agent_id": str(agent, "id"), "pieces": 2,
		"instructions": good.Prompt("Focus on Porto.")})
	want(t, r, http.StatusOK)
	plan := r.obj(t)
	if ps := pieces(t, plan); len(ps) != 2 || str(ps[0], "title") != "Launch post" || str(plan, "provider") != "openai" {
		t.Fatalf("plan: %s", r)
	}
	checkWindow(t, camp, plan, asked)
	if ps := pieces(t, plan); str(ps[1], "target_date") != str(camp, "end_at") {
		t.Errorf("a date after the window should land on end_at: %v", ps[1])
	}
	rf, _ := good.LastBody()["response_format"].(map[string]any)
	if rf["type"] != "json_schema" {
		t.Errorf("response_format %v, want json_schema", good.LastBody()["response_format"])
	}
	if text := good.LastText(); !strings.Contains(text, "Sell 500 pairs of boots") || !strings.Contains(text, "city walkers") {
		t.Errorf("the prompt lacks the campaign's brief:\n%s", text)
	}
}

// A superadmin plans and accepts for a company it does not belong to: the
// agent is the company's, the tickets are the company's, and a writer of
// the company sees them.
func TestCampaignPlanBySuperadmin(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	agent := newAgent(t, co.admin, map[string]any{"model_settings": map[string]any{"provider": "offline"}})
	camp := planCampaign(t, co)
	r := call(t, http.MethodPost, plansPath(camp), env.admin.Access, map[string]any{"agent_id": str(agent, "id"), "pieces": 2})
	want(t, r, http.StatusOK)
	plan := r.obj(t)
	if str(plan, "company_id") != co.id || len(pieces(t, plan)) != 2 {
		t.Fatalf("plan: %s", r)
	}
	acc := call(t, http.MethodPost, plansPath(camp, str(plan, "id"), "accept"), env.admin.Access, map[string]any{"version": 1})
	want(t, acc, http.StatusOK)
	tickets := campaignTickets(t, co.writer, camp)
	if len(tickets) != 2 || str(tickets[0], "company_id") != co.id {
		t.Fatalf("the company's writer sees %v", tickets)
	}
}
