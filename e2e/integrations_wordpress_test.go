package e2e

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// An approved ticket's latest draft is published to WordPress through the
// company's connection: the post is created with categories and tags by
// name, the ticket records it and moves to published (history, the
// followers told); publishing again updates the same post; a WordPress
// 5xx leaves the ticket where it was with the error recorded. Site URLs
// that point inside are refused.
func TestIntegrationsWordPressPublish(t *testing.T) {
	t.Parallel()
	co, other := newTicketsCo(t), newTicketsCo(t)
	for _, u := range []string{"https://169.254.169.254/", "https://10.1.2.3", "http://blog.example.com", "https://[::ffff:10.0.0.1]/"} {
		wantField(t, call(t, http.MethodPost, "/api/integrations", co.admin.Access, map[string]any{"kind": "wordpress", "site_url": u,
			"username": e2eWPUser, "application_password": e2eWPPassword}), "site_url")
	}
	r := call(t, http.MethodPost, "/api/integrations", co.admin.Access, map[string]any{"kind": "wordpress", "site_url": fakeWP.URL,
		"username": e2eWPUser, "application_password": e2eWPPassword})
	want(t, r, http.StatusOK)
	site := r.obj(t)
	if site["has_secret"] != true || strings.Contains(r.String(), e2eWPPassword) {
		t.Fatalf("created: %s", r)
	}
	tr := call(t, http.MethodPost, "/api/integrations/"+str(site, "id")+"/test", co.admin.Access, map[string]any{})
	if tr.obj(t)["ok"] != true {
		t.Fatalf("test: %s", tr)
	}

	agent := newAgent(t, co.admin, nil)
	s := fakeLLM.NewScript(t, "## Spring boots\n\n", "Waxed canvas, **made in Porto**.")
	tk := draftTicket(t, co, s.Prompt("Spring boots post"), map[string]any{"agent_id": str(agent, "id")})
	id := str(tk, "id")
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/draft", co.writer.Access, map[string]any{}), http.StatusOK)
	pub := map[string]any{"integration_id": str(site, "id"), "status": "publish", "categories": []string{"Launches"}, "tags": []string{"boots", "spring"}}
	// Not approved yet: 409, nothing posted.
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.manager.Access, pub), http.StatusConflict)
	tk = call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t)
	tk = step(t, co.writer, tk, "in_review").obj(t)
	tk = step(t, co.manager, tk, "approved").obj(t)
	if str(tk, "status") != "approved" {
		t.Fatalf("ticket: %v", tk)
	}
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.writer.Access, pub), http.StatusForbidden)
	want(t, call(t, http.MethodPost, "/api/tickets/"+id+"/publish", other.manager.Access, pub), http.StatusNotFound)
	// Another company's connection is no connection of this ticket.
	foreign := call(t, http.MethodPost, "/api/integrations", other.admin.Access, map[string]any{"kind": "wordpress", "site_url": fakeWP.URL,
		"username": e2eWPUser, "application_password": e2eWPPassword}).obj(t)
	wantField(t, call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.manager.Access,
		map[string]any{"integration_id": str(foreign, "id"), "status": "draft"}), "integration_id")

	// WordPress down: 503, the ticket stays approved with the error.
	fakeWP.Fail(1, http.StatusInternalServerError)
	fr := call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.manager.Access, pub)
	want(t, fr, http.StatusServiceUnavailable)
	got := call(t, http.MethodGet, "/api/tickets/"+id, co.manager.Access, nil).obj(t)
	if p, _ := got["publication"].(map[string]any); str(got, "status") != "approved" || !strings.Contains(str(p, "error"), "500") {
		t.Fatalf("after a 5xx: %v", got)
	}

	pr := call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.manager.Access, pub)
	want(t, pr, http.StatusOK)
	got = pr.obj(t)
	p, _ := got["publication"].(map[string]any)
	if str(got, "status") != "published" || p == nil || str(p, "post_id") == "" || str(p, "post_id") == "0" || str(p, "error") != "" || !strings.Contains(str(p, "link"), "?p=") {
		t.Fatalf("published: %s", pr)
	}
	var post *struct{ id int64 }
	for _, wp := range fakeWP.Posts() {
		if strconv.FormatInt(wp.ID, 10) == str(p, "post_id") { // int64: a JSON string
			post = &struct{ id int64 }{wp.ID}
			if wp.Title != str(tk, "title") || !strings.Contains(wp.Content, "<strong>made in Porto</strong>") || wp.Status != "publish" ||
				!slices.Equal(fakeWP.TermNames("categories", wp.Categories), []string{"Launches"}) ||
				!slices.Equal(fakeWP.TermNames("tags", wp.Tags), []string{"boots", "spring"}) {
				t.Fatalf("post: %+v", wp)
			}
		}
	}
	if post == nil {
		t.Fatal("no post on the site")
	}
	var actions []string
	for _, h := range call(t, http.MethodGet, "/api/tickets/"+id+"/history", co.manager.Access, nil).list(t) {
		actions = append(actions, str(h, "action")+":"+str(h, "to"))
	}
	if !slices.Contains(actions, "status_changed:published") || !slices.Contains(actions, "published:"+str(p, "link")) ||
		!slices.Contains(actions, "publish_failed:") {
		t.Fatalf("history: %v", actions)
	}
	told := false
	for _, n := range call(t, http.MethodGet, "/api/notifications", co.writer.Access, nil).list(t) {
		told = told || (str(n, "ticket_id") == id && str(n, "type") == "published")
	}
	if !told {
		t.Fatal("the assignee (a follower) was not told")
	}

	// Again: the same post is updated, never a second one.
	before := len(fakeWP.Posts())
	pub["status"] = "draft"
	again := call(t, http.MethodPost, "/api/tickets/"+id+"/publish", co.manager.Access, pub)
	want(t, again, http.StatusOK)
	if p2, _ := again.obj(t)["publication"].(map[string]any); str(p2, "post_id") != str(p, "post_id") || len(fakeWP.Posts()) != before {
		t.Fatalf("republish: %s (%d posts, before %d)", again, len(fakeWP.Posts()), before)
	}
	noSecretAnywhere(t, "copydesk_agents", "integrations", e2eWPPassword)
}
