package e2e

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/fakewp"
)

// Issue 13, gaps 1 and 3 through the whole stack. A site that makes the
// post and then does not answer within the publish call's deadline (the
// edge's 10 s): the call answers 503 in time with the failure recorded on
// the ticket, and the retry adopts the post by its marker slug: one post
// in the end. A connection moved to another site without its password is
// 422, so the stored one never goes there.
func TestIntegrationsPublishRetryAfterLostAnswer(t *testing.T) {
	t.Parallel()
	co := newTicketsCo(t)
	wp := fakewp.New(e2eWPUser, e2eWPPassword) // this test's own site: its stall touches no other test
	t.Cleanup(wp.Close)
	r := call(t, http.MethodPost, "/api/integrations", co.admin.Access, map[string]any{"kind": "wordpress", "site_url": wp.URL,
		"username": e2eWPUser, "application_password": e2eWPPassword})
	want(t, r, http.StatusOK)
	site := r.obj(t)

	other := fakewp.New(e2eWPUser, "another password")
	t.Cleanup(other.Close)
	wantField(t, call(t, http.MethodPatch, "/api/integrations/"+str(site, "id"), co.admin.Access, map[string]any{"site_url": other.URL}), "application_password")
	if got := call(t, http.MethodGet, "/api/integrations/"+str(site, "id"), co.admin.Access, nil).obj(t); str(got, "site_url") != wp.URL {
		t.Fatalf("site_url moved: %v", got)
	}

	agent := newAgent(t, co.admin, nil)
	s := fakeLLM.NewScript(t, "## Retry boots\n\n", "Made **once**.")
	tk := draftTicket(t, co, s.Prompt("Retry boots post"), map[string]any{"agent_id": str(agent, "id")})
	id := str(tk, "id")
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/draft", co.writer.Access, map[string]any{}), http.StatusOK)
	tk = call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t)
	tk = step(t, co.writer, tk, "in_review").obj(t)
	step(t, co.manager, tk, "approved")
	pub := map[string]any{"integration_id": str(site, "id"), "status": "publish", "tags": []string{"boots"}}

	wp.StallCreate(time.Minute)
	start := time.Now()
	fr := call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.manager.Access, pub)
	want(t, fr, http.StatusServiceUnavailable)
	// In time (the edge's 503 hides the message: the ticket has it).
	if time.Since(start) > 10*time.Second {
		t.Fatalf("stalled publish after %s: %s", time.Since(start), fr)
	}
	got := call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t)
	if p, _ := got["publication"].(map[string]any); str(got, "status") != "approved" || !strings.Contains(str(p, "error"), "did not answer in time") {
		t.Fatalf("after the lost answer: %v", got)
	}
	if n := len(wp.Posts()); n != 1 {
		t.Fatalf("the site holds %d posts after the stalled create", n)
	}

	ok := call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.manager.Access, pub)
	want(t, ok, http.StatusOK)
	p, _ := ok.obj(t)["publication"].(map[string]any)
	posts := wp.Posts()
	if len(posts) != 1 || str(p, "post_id") != strconv.FormatInt(posts[0].ID, 10) || str(p, "error") != "" || posts[0].Slug != "copydesk-"+id {
		t.Fatalf("retry: %s, posts %+v", ok, posts)
	}
}
