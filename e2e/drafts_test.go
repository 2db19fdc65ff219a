package e2e

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// draftTicket is a ticket of co created by the manager (clients may not
// name agents or campaigns), assigned to the writer.
func draftTicket(t *testing.T, co ticketsCo, title string, extra map[string]any) map[string]any {
	t.Helper()
	body := map[string]any{"title": title, "type": "blog_post", "description": "Announce the spring boots."}
	for k, v := range extra {
		body[k] = v
	}
	r := call(t, http.MethodPost, "/api/tickets", co.manager.Access, body)
	want(t, r, http.StatusOK)
	tk := r.obj(t)
	r = call(t, http.MethodPost, "/api/tickets/"+str(tk, "id")+"/assign", co.manager.Access, map[string]any{"user_id": co.writer.ID, "version": version(tk)})
	want(t, r, http.StatusOK)
	return r.obj(t)
}

// The assigned writer has the ticket's agent write a draft from the ticket
// and its campaign's brief, grounded in knowledge: it is stored as
// revision 1, the history records it, the manager (a follower) is notified
// and the open ticket moves to in_progress. A writer not assigned is 403,
// another company 404.
func TestDraftTicketFlow(t *testing.T) {
	t.Parallel()
	co, other := newTicketsCo(t), newTicketsCo(t)
	_, chunks := mustIngest(t, co.admin, "boots.md", "markdown", "# Boots\n\nThe spring boots are waxed canvas, made in Porto.")
	agent := newAgent(t, co.admin, nil)
	camp := createCampaign(t, co.manager, map[string]any{"goal": "Sell 500 pairs", "audience": "city walkers"})
	s := fakeLLM.NewScript(t, "Waxed canvas", " boots from Porto", " [1].")
	tk := draftTicket(t, co, s.Prompt("Spring boots launch"), map[string]any{"agent_id": str(agent, "id"), "campaign_id": str(camp, "id")})
	id := str(tk, "id")
	if str(tk, "status") != "open" {
		t.Fatalf("ticket: %v", tk)
	}

	otherWriter := newSession(t, co.id, "content_writer")
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/draft", otherWriter.Access, map[string]any{}), http.StatusForbidden)
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/draft", other.manager.Access, map[string]any{}), http.StatusNotFound)
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/draft", co.client.Access, map[string]any{}), http.StatusForbidden)
	want(t, call(t, http.MethodGet, "/api/tickets/"+id+"/drafts", co.client.Access, nil), http.StatusNotFound) // neither created nor follows
	if n := s.Requests(); n != 0 {
		t.Fatalf("refused drafts called the model %d times", n)
	}

	r := call(t, http.MethodPost, "/api/tickets/"+id+"/draft", co.writer.Access, map[string]any{"instructions": "Keep it under 200 words."})
	want(t, r, http.StatusOK)
	d := r.obj(t)
	cites, _ := d["citations"].([]any)
	if str(d, "content") != "Waxed canvas boots from Porto [1]." || num(d, "number") != 1 || str(d, "ticket_id") != id ||
		str(d, "agent_id") != str(agent, "id") || num(d, "persona_version") != 1 || str(d, "created_by") != co.writer.ID || len(cites) != 1 {
		t.Fatalf("draft: %s", r)
	}
	if c := cites[0].(map[string]any); !slices.Contains(chunkIDs(chunks), str(c, "chunk_id")) {
		t.Fatalf("citation %v is not one of the ingested chunks", c)
	}
	sent := s.LastText()
	for _, part := range []string{"Content type: blog_post", "Announce the spring boots.", "Campaign: " + str(camp, "name"),
		"Goal: Sell 500 pairs", "Audience: city walkers", "Keep it under 200 words.", "made in Porto"} {
		if !strings.Contains(sent, part) {
			t.Errorf("prompt lacks %q:\n%s", part, sent)
		}
	}

	ds := call(t, http.MethodGet, "/api/tickets/"+id+"/drafts", co.writer.Access, nil)
	want(t, ds, http.StatusOK)
	if rows := ds.list(t); len(rows) != 1 || str(rows[0], "id") != str(d, "id") {
		t.Fatalf("drafts: %s", ds)
	}
	want(t, call(t, http.MethodGet, "/api/tickets/"+id+"/drafts", other.manager.Access, nil), http.StatusNotFound)
	got := call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t)
	if str(got, "status") != "in_progress" || version(got) != version(tk)+1 {
		t.Fatalf("ticket after the draft: %v", got)
	}
	var actions []string
	for _, h := range call(t, http.MethodGet, "/api/tickets/"+id+"/history", co.manager.Access, nil).list(t) {
		actions = append(actions, str(h, "action")+":"+str(h, "to"))
	}
	if !slices.Contains(actions, "draft_added:1") || !slices.Contains(actions, "status_changed:in_progress") {
		t.Fatalf("history: %v", actions)
	}
	var types []string
	for _, n := range call(t, http.MethodGet, "/api/notifications", co.manager.Access, nil).list(t) {
		if str(n, "ticket_id") == id {
			types = append(types, str(n, "type"))
		}
	}
	if !slices.Contains(types, "draft_added") {
		t.Fatalf("the manager's notifications: %v", types)
	}

	// A second draft by a manager with another agent: revision 2, newest first.
	agent2 := newAgent(t, co.admin, nil)
	r = call(t, http.MethodPost, "/api/tickets/"+id+"/draft", co.manager.Access, map[string]any{"agent_id": str(agent2, "id")})
	want(t, r, http.StatusOK)
	if rows := call(t, http.MethodGet, "/api/tickets/"+id+"/drafts", co.writer.Access, nil).list(t); len(rows) != 2 ||
		num(rows[0], "number") != 2 || str(rows[0], "agent_id") != str(agent2, "id") {
		t.Fatalf("drafts after the second: %v", rows)
	}
	// Another company's agent is no agent here: not for a draft, nor as a
	// ticket's agent_id (checked with the agents service).
	foreign := newAgent(t, other.admin, nil)
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/draft", co.manager.Access, map[string]any{"agent_id": str(foreign, "id")}),
		http.StatusUnprocessableEntity)
	wantField(t, call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": "X", "agent_id": str(foreign, "id")}), "agent_id")
	r = call(t, http.MethodPost, "/api/campaigns", co.manager.Access, map[string]any{"name": uniq("C"), "agent_ids": []string{str(agent, "id"), str(foreign, "id")}})
	wantField(t, r, "agent_ids")
	if !strings.Contains(string(r.body), str(foreign, "id")) || strings.Contains(string(r.body), str(agent, "id")) {
		t.Fatalf("campaign with a foreign agent: %s", r)
	}
	want(t, call(t, http.MethodPatch, "/api/campaigns/"+str(camp, "id"), co.manager.Access,
		map[string]any{"agent_ids": []string{str(agent, "id"), str(agent2, "id")}, "version": num(camp, "version")}), http.StatusOK)
	cur := call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t)
	wantField(t, call(t, http.MethodPatch, "/api/tickets/"+id, co.manager.Access, map[string]any{"agent_id": str(foreign, "id"), "version": version(cur)}), "agent_id")
}

// A failed llm call (the company's budget is spent: 429) stores no draft
// and leaves the ticket as it was; the 429 reaches the client with
// Retry-After, for drafts and for chat alike, streamed or not.
func TestDraftAndChatLLMFailure(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	agent := newAgent(t, co.admin, map[string]any{"top_k": 0})
	tk := draftTicket(t, co, "Autumn boots", map[string]any{"agent_id": str(agent, "id")})
	id := str(tk, "id")
	want(t, call(t, http.MethodPut, "/api/llm/budget", co.admin.Access, map[string]any{"monthly_budget_micros": 1}), http.StatusOK)
	s := fakeLLM.NewScript(t)
	want(t, call(t, http.MethodPost, "/api/llm/completion", co.writer.Access, map[string]any{"prompt": s.Prompt("spend it")}), http.StatusOK)

	for path, body := range map[string]map[string]any{
		"/api/tickets/" + id + "/draft":                    {},
		"/api/agents/" + str(agent, "id") + "/chat":        {"message": "hello"},
		"/api/agents/" + str(agent, "id") + "/chat/stream": {"message": "hello"},
	} {
		r := call(t, http.MethodPost, path, co.writer.Access, body)
		want(t, r, http.StatusTooManyRequests)
		if secs, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || secs <= 0 {
			t.Errorf("%s: Retry-After %q, want a positive number of seconds", path, r.header.Get("Retry-After"))
		}
	}
	if rows := call(t, http.MethodGet, "/api/tickets/"+id+"/drafts", co.writer.Access, nil).list(t); len(rows) != 0 {
		t.Fatalf("a failed draft was stored: %v", rows)
	}
	got := call(t, http.MethodGet, "/api/tickets/"+id, co.writer.Access, nil).obj(t)
	if str(got, "status") != "open" || version(got) != version(tk) {
		t.Fatalf("a failed draft changed the ticket: %v", got)
	}
}

// A superadmin chats with and drafts through another company's agent; the
// llm calls are billed to the superadmin's own company, none to the
// agent's (the llm service lets only services name another company: naming
// the agent's was a 403).
func TestSuperadminChatAndDraftWithAnotherCompanysAgent(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	agent := newAgent(t, co.admin, map[string]any{"top_k": 0})
	tk := draftTicket(t, co, "Winter boots", map[string]any{"agent_id": str(agent, "id")})
	want(t, call(t, http.MethodPost, "/api/agents/"+str(agent, "id")+"/chat", env.admin.Access, map[string]any{"message": "hello"}), http.StatusOK)
	r := call(t, http.MethodPost, "/api/tickets/"+str(tk, "id")+"/draft", env.admin.Access, map[string]any{})
	want(t, r, http.StatusOK)
	if num(r.obj(t), "number") != 1 {
		t.Fatalf("draft: %s", r)
	}
	if rows := call(t, http.MethodGet, "/api/llm/usage", co.admin.Access, nil).list(t); len(rows) != 0 {
		t.Fatalf("the agent's company was billed: %v", rows)
	}
}

// Over the company's per-minute limit, a streamed chat answers 429 with
// Retry-After before its first event.
func TestChatStreamOverThePerMinuteLimit(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	agent := newAgent(t, co.admin, map[string]any{"top_k": 0}) // no retrieval: one llm call a chat
	want(t, call(t, http.MethodPut, "/api/llm/budget", co.admin.Access, map[string]any{"requests_per_minute": 1}), http.StatusOK)
	if sec := time.Now().Second(); sec > 50 { // both calls in the same minute (the limit counts whole minutes)
		time.Sleep(time.Duration(61-sec) * time.Second)
	}
	path := "/api/agents/" + str(agent, "id") + "/chat/stream"
	want(t, call(t, http.MethodPost, path, co.writer.Access, map[string]any{"message": "first"}), http.StatusOK)
	r := call(t, http.MethodPost, path, co.writer.Access, map[string]any{"message": "second"})
	want(t, r, http.StatusTooManyRequests)
	if secs, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || secs <= 0 || secs > 60 {
		t.Errorf("Retry-After %q, want 1..60 seconds", r.header.Get("Retry-After"))
	}
}
