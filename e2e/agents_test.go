package e2e

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// newAgent creates an agent as s and returns it.
func newAgent(t *testing.T, s session, extra map[string]any) map[string]any {
	t.Helper()
	body := map[string]any{"name": uniq("Agent"), "persona": map[string]any{"voice": "warm", "do": []string{"cite sources"}}}
	for k, v := range extra {
		body[k] = v
	}
	r := call(t, http.MethodPost, "/api/agents", s.Access, body)
	want(t, r, http.StatusOK)
	return r.obj(t)
}

func TestAgentCRUDRolesTenancyAndVersions(t *testing.T) {
	t.Parallel()
	a, b := newLLMCompany(t), newLLMCompany(t)
	client := newSession(t, a.id, "client")
	agent := newAgent(t, a.admin, map[string]any{"tags": []string{"support"}})
	id := str(agent, "id")
	if num(agent, "persona_version") != 1 || str(agent, "company_id") != a.id {
		t.Fatalf("created agent: %v", agent)
	}
	want(t, call(t, http.MethodGet, "/api/agents/"+id, a.writer.Access, nil), http.StatusOK)
	want(t, call(t, http.MethodPost, "/api/agents", a.writer.Access, map[string]any{"name": "x"}), http.StatusForbidden)
	want(t, call(t, http.MethodGet, "/api/agents", client.Access, nil), http.StatusForbidden)
	want(t, call(t, http.MethodGet, "/api/agents/"+id, b.admin.Access, nil), http.StatusNotFound)
	want(t, call(t, http.MethodPatch, "/api/agents/"+id, b.admin.Access, map[string]any{"name": "stolen"}), http.StatusNotFound)
	want(t, call(t, http.MethodPost, "/api/agents/"+id+"/chat", b.writer.Access, map[string]any{"message": "hi"}), http.StatusNotFound)
	want(t, call(t, http.MethodGet, "/api/agents/nope", a.admin.Access, nil), http.StatusBadRequest)

	list := call(t, http.MethodGet, "/api/agents"+q("tag", "support", "q", str(agent, "name")[:6]), a.writer.Access, nil)
	want(t, list, http.StatusOK)
	if rows := list.list(t); len(rows) != 1 || str(rows[0], "id") != id {
		t.Fatalf("list: %s", list)
	}
	if rows := call(t, http.MethodGet, "/api/agents", b.admin.Access, nil).list(t); len(rows) != 0 {
		t.Fatalf("B lists A's agents: %v", rows)
	}
	// The record as read goes back with a new persona: version 2.
	agent["persona"] = map[string]any{"voice": "crisp"}
	r := call(t, http.MethodPut, "/api/agents/"+id, a.admin.Access, agent)
	want(t, r, http.StatusOK)
	if num(r.obj(t), "persona_version") != 2 {
		t.Fatalf("after PUT: %s", r)
	}
	want(t, call(t, http.MethodPatch, "/api/agents/"+id, a.admin.Access, map[string]any{"name": "Renamed"}), http.StatusOK)
	vs := call(t, http.MethodGet, "/api/agents/"+id+"/versions", a.writer.Access, nil)
	want(t, vs, http.StatusOK)
	rows := vs.list(t)
	if len(rows) != 2 || num(rows[0], "number") != 2 || str(rows[0]["persona"].(map[string]any), "voice") != "crisp" {
		t.Fatalf("versions: %s", vs)
	}
	// Archived, it lists under ?status=archived only; another agent stays active.
	other := newAgent(t, a.admin, nil)
	want(t, call(t, http.MethodPatch, "/api/agents/"+id, a.admin.Access, map[string]any{"status": "archived"}), http.StatusOK)
	for status, wantID := range map[string]string{"active": str(other, "id"), "archived": id} {
		r := call(t, http.MethodGet, "/api/agents"+q("status", status), a.writer.Access, nil)
		want(t, r, http.StatusOK)
		if rows := r.list(t); len(rows) != 1 || str(rows[0], "id") != wantID || str(rows[0], "status") != status {
			t.Errorf("?status=%s: %s, want only %s", status, r, wantID)
		}
	}
	want(t, call(t, http.MethodDelete, "/api/agents/"+id, a.admin.Access, nil), http.StatusOK)
	want(t, call(t, http.MethodGet, "/api/agents/"+id, a.admin.Access, nil), http.StatusNotFound)
}

func TestAgentChatCitesChunksOfItsOwnCompany(t *testing.T) {
	t.Parallel()
	a, b := newLLMCompany(t), newLLMCompany(t)
	_, chunksA := mustIngest(t, a.admin, "returns.md", "markdown", "# Returns\n\nUnworn boots may be returned within 60 days.")
	mustIngest(t, b.admin, "returns.md", "markdown", "# Returns\n\nBSECRET boots may be returned within 5 days.")
	agent := newAgent(t, a.admin, nil)
	s := fakeLLM.NewScript(t, "Unworn boots", " come back within 60 days", " [1].")
	r := call(t, http.MethodPost, "/api/agents/"+str(agent, "id")+"/chat", a.writer.Access,
		map[string]any{"message": s.Prompt("How long can I return boots?")})
	want(t, r, http.StatusOK)
	o := r.obj(t)
	msg, _ := o["message"].(map[string]any)
	cites, _ := msg["citations"].([]any)
	if str(msg, "content") != "Unworn boots come back within 60 days [1]." || len(cites) != 1 || num(msg, "persona_version") != 1 {
		t.Fatalf("answer: %s", r)
	}
	c := cites[0].(map[string]any)
	src, _ := c["source"].(map[string]any)
	if num(c, "n") != 1 || !slices.Contains(chunkIDs(chunksA), str(c, "chunk_id")) || str(src, "ref") != "returns.md" {
		t.Fatalf("citation %v does not map to A's chunks %v", c, chunkIDs(chunksA))
	}
	if usage, _ := msg["usage"].(map[string]any); num(usage, "total_tokens") == 0 {
		t.Fatalf("no usage: %s", r)
	}
	sent := s.LastText()
	if !strings.Contains(sent, "<<<KNOWLEDGE_DATA\n[1] ") || !strings.Contains(sent, "Unworn boots may be returned") || strings.Contains(sent, "BSECRET") {
		t.Fatalf("prompt sent to the model:\n%s", sent)
	}
	conv := str(o, "conversation_id")
	ms := call(t, http.MethodGet, "/api/conversations/"+conv+"/messages", a.writer.Access, nil)
	want(t, ms, http.StatusOK)
	if rows := ms.list(t); len(rows) != 2 || str(rows[0], "role") != "user" || str(rows[1], "id") != str(msg, "id") {
		t.Fatalf("stored turn: %s", ms)
	}
	want(t, call(t, http.MethodGet, "/api/conversations/"+conv+"/messages", b.admin.Access, nil), http.StatusNotFound)
	if rows := call(t, http.MethodGet, "/api/conversations", a.admin.Access, nil).list(t); len(rows) != 1 {
		t.Fatalf("the company admin sees %d conversations", len(rows))
	}
	want(t, call(t, http.MethodDelete, "/api/conversations/"+conv, a.writer.Access, nil), http.StatusOK)
	want(t, call(t, http.MethodGet, "/api/conversations/"+conv+"/messages", a.writer.Access, nil), http.StatusNotFound)
}

func TestAgentChatStreamsEventsOneByOne(t *testing.T) {
	t.Parallel()
	a := newLLMCompany(t)
	mustIngest(t, a.admin, "care.md", "markdown", "# Care\n\nWax leather boots twice a season.")
	agent := newAgent(t, a.admin, nil)
	tokens := []string{"Wax", " them", " twice", " a season [1]."}
	s := fakeLLM.NewScript(t, tokens...)
	s.Gate = make(chan struct{})
	resp, err := openStream(t.Context(), streamClient, env.url+"/api/agents/"+str(agent, "id")+"/chat", a.writer.Access,
		map[string]any{"message": s.Prompt("How do I care for boots?"), "stream": true})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" || resp.Header.Get("X-Accel-Buffering") != "no" {
		t.Fatalf("stream answer %d %v", resp.StatusCode, resp.Header)
	}
	events := newSSEReader(resp.Body)
	for i, tok := range tokens {
		ev, err := events.next()
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if ev.name != "delta" || str(ev.obj(t), "delta") != tok {
			t.Fatalf("event %d = %q %s, want delta %q", i, ev.name, ev.data, tok)
		}
		if s.Sent() != i+1 {
			t.Fatalf("after event %d the model has sent %d tokens: events are not one by one", i, s.Sent())
		}
		if i < len(tokens)-1 {
			s.Gate <- struct{}{} // release the next token only now
		}
	}
	ev, err := events.next()
	if err != nil || ev.name != "done" {
		t.Fatalf("final event %q %v", ev.name, err)
	}
	msg, _ := ev.obj(t)["message"].(map[string]any)
	cites, _ := msg["citations"].([]any)
	if str(msg, "content") != strings.Join(tokens, "") || len(cites) != 1 || str(msg, "status") != "complete" {
		t.Fatalf("final event: %s", ev.data)
	}
}

func TestAgentChatDisconnectCancelsTheModelCall(t *testing.T) {
	t.Parallel()
	a := newLLMCompany(t)
	agent := newAgent(t, a.admin, map[string]any{"top_k": 0})
	s := fakeLLM.NewScript(t, "first", " never", " sent")
	s.Gate = make(chan struct{}) // nobody releases token 2
	ctx, cancel := context.WithCancel(t.Context())
	resp, err := openStream(ctx, streamClient, env.url+"/api/agents/"+str(agent, "id")+"/chat/stream", a.writer.Access,
		map[string]any{"message": s.Prompt("Write a tagline")})
	if err != nil {
		t.Fatal(err)
	}
	if ev, err := newSSEReader(resp.Body).next(); err != nil || ev.name != "delta" {
		t.Fatalf("first event %q %v", ev.name, err)
	}
	cancel()
	_ = resp.Body.Close()
	if err := s.WaitCancelled(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	// The question is kept with an error marker, never the half answer.
	deadline := time.Now().Add(30 * time.Second)
	for {
		convs := call(t, http.MethodGet, "/api/conversations", a.writer.Access, nil).list(t)
		if len(convs) == 1 {
			ms := call(t, http.MethodGet, "/api/conversations/"+str(convs[0], "id")+"/messages", a.writer.Access, nil).list(t)
			if len(ms) == 2 {
				if str(ms[1], "status") != "error" || str(ms[1], "content") != "" {
					t.Fatalf("stored after a disconnect: %v", ms[1])
				}
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no error marker stored after the disconnect")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
