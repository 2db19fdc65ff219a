package integrations_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// Publishing through a WordPress connection: terms by name (created when
// missing), the post created, then updated in place; a WordPress 5xx is
// an Unavailable that names WordPress's answer.
func TestPublishThroughWordPress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	site, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindWordPress, SiteURL: h.wp.URL, Username: wpUser, Secret: wpPassword})
	if err != nil {
		t.Fatal(err)
	}
	in := integrations.PublishInput{IntegrationID: site.ID, CompanyID: h.company, Categories: []string{"News", "uncategorized", "news"},
		Tags: []string{"Boots", "Spring"}, Post: integrations.Post{Title: "Spring boots", Content: "<p>Hi</p>", Excerpt: "Short", Status: "publish"}}
	first, err := s.Publish(t.Context(), h.manager, in)
	if err != nil {
		t.Fatal(err)
	}
	posts := h.wp.Posts()
	if len(posts) != 1 || first.ID != posts[0].ID || first.Status != "publish" || !strings.Contains(first.Link, "?p=") {
		t.Fatalf("first publish: %+v, posts %+v", first, posts)
	}
	if cats := h.wp.TermNames("categories", posts[0].Categories); !slices.Equal(cats, []string{"News", "Uncategorized"}) {
		t.Errorf("categories %v", cats)
	}
	if tags := h.wp.TermNames("tags", posts[0].Tags); !slices.Equal(tags, []string{"Boots", "Spring"}) {
		t.Errorf("tags %v", tags)
	}
	in.PostID, in.Post.Status, in.Post.Title = first.ID, "draft", "Spring boots, again"
	second, err := s.Publish(t.Context(), h.manager, in)
	if err != nil {
		t.Fatal(err)
	}
	if posts := h.wp.Posts(); len(posts) != 1 || second.ID != first.ID || posts[0].Title != "Spring boots, again" || posts[0].Status != "draft" {
		t.Fatalf("republish: %+v, posts %+v", second, posts)
	}
	h.wp.Fail(1, 500)
	_, err = s.Publish(t.Context(), h.manager, in)
	if !errors.Is(err, errs.ErrUnavailable) || !strings.Contains(err.Error(), "WordPress answered 500") {
		t.Fatalf("5xx: %v", err)
	}
	// Who may publish, and through which connection.
	if _, err := s.Publish(t.Context(), h.adminB, in); kind(err) != "404" && kind(err) != "422:integration_id" {
		t.Errorf("another company: %v", err)
	}
	writer := h.manager
	writer.Role = "content_writer"
	if _, err := s.Publish(t.Context(), writer, in); kind(err) != "403" {
		t.Errorf("writer: %v", err)
	}
	shop := h.connectShop(t, s)
	in.IntegrationID = shop.ID
	if _, err := s.Publish(t.Context(), h.manager, in); kind(err) != "422:integration_id" {
		t.Errorf("through a shop: %v", err)
	}
}

// A WordPress site that is loopback is refused at dial time when the
// guard is strict, with a message that does not name the address.
func TestPublishSSRFRefusedAtDial(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	lax := h.replica(t)
	site, err := lax.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindWordPress, SiteURL: h.wp.URL, Username: wpUser, Secret: wpPassword})
	if err != nil {
		t.Fatal(err)
	}
	strict := h.replica(t, strictGuard)
	_, err = strict.Publish(t.Context(), h.manager, integrations.PublishInput{IntegrationID: site.ID, CompanyID: h.company,
		Post: integrations.Post{Title: "x", Content: "y", Status: "draft"}})
	if !errors.Is(err, errs.ErrUnavailable) || !strings.Contains(err.Error(), "public address") || strings.Contains(err.Error(), "127.0.0.1") {
		t.Fatalf("err = %v", err)
	}
	if len(h.wp.Posts()) != 0 {
		t.Fatal("the site was reached")
	}
	// Shopify the same way: the credential test and the sync fail with
	// the guard's words.
	shop := h.connectShop(t, lax)
	r, err := strict.Test(t.Context(), h.admin, shop.ID)
	if err != nil || r.OK || !strings.Contains(r.Message, "public address") || strings.Contains(r.Message, "127.0.0.1") {
		t.Fatalf("shop test: %+v %v", r, err)
	}
	if _, err := strict.StartSync(t.Context(), h.admin, shop.ID, false); err != nil {
		t.Fatal(err)
	}
	done := runUntilDone(t, strict, h.admin, shop.ID)
	if done.Status != integrations.JobFailed || !strings.Contains(strings.Join(done.Errors, " "), "public address") || len(h.shop.Requests()) != 0 {
		t.Fatalf("sync: %+v, %d requests reached the shop", done, len(h.shop.Requests()))
	}
}

// Issue 13, gap 1: a site that makes the post and then does not answer
// before the call's deadline. The WordPress request ends before that
// deadline (an Unavailable the caller can record, not the caller's own
// deadline passing), and the retry, which has no post id, adopts the post
// by its marker slug: one post in the end, never two.
func TestPublishRetryAfterALostAnswerAdoptsThePost(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.replica(t)
	site, err := s.Create(t.Context(), h.admin, integrations.Input{Kind: integrations.KindWordPress, SiteURL: h.wp.URL, Username: wpUser, Secret: wpPassword})
	if err != nil {
		t.Fatal(err)
	}
	in := integrations.PublishInput{IntegrationID: site.ID, CompanyID: h.company, Tags: []string{"Boots"},
		Post: integrations.Post{Title: "Spring boots", Content: "<p>Hi</p>", Status: "publish", Slug: "copydesk-0123456789abcdef01234567"}}
	h.wp.StallCreate(time.Minute)
	ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
	defer cancel()
	_, err = s.Publish(ctx, h.manager, in)
	if !errors.Is(err, errs.ErrUnavailable) || !strings.Contains(err.Error(), "did not answer in time") {
		t.Fatalf("stalled create: %v (want an Unavailable before the deadline)", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the call's own deadline passed: the caller could not record the outcome")
	}
	if posts := h.wp.Posts(); len(posts) != 1 {
		t.Fatalf("the site made %d posts", len(posts))
	}
	in.Post.Title = "Spring boots, retried"
	again, err := s.Publish(t.Context(), h.manager, in)
	if err != nil {
		t.Fatal(err)
	}
	posts := h.wp.Posts()
	if len(posts) != 1 || again.ID != posts[0].ID || posts[0].Title != "Spring boots, retried" || posts[0].Slug != in.Post.Slug {
		t.Fatalf("retry: %+v, posts %+v", again, posts)
	}
	// The post deleted in WordPress: an update's 404 makes it again (one
	// post); trashed: the update restores it.
	h.wp.Delete(again.ID)
	in.PostID = again.ID
	remade, err := s.Publish(t.Context(), h.manager, in)
	if err != nil {
		t.Fatal(err)
	}
	if posts := h.wp.Posts(); len(posts) != 1 || remade.ID == again.ID || posts[0].ID != remade.ID || posts[0].Status != "publish" {
		t.Fatalf("after a delete: %+v, posts %+v", remade, posts)
	}
	h.wp.Trash(remade.ID)
	in.PostID = remade.ID
	restored, err := s.Publish(t.Context(), h.manager, in)
	if err != nil {
		t.Fatal(err)
	}
	if posts := h.wp.Posts(); len(posts) != 1 || restored.ID != remade.ID || posts[0].Status != "publish" || posts[0].Slug != in.Post.Slug {
		t.Fatalf("after a trash: %+v, posts %+v", restored, posts)
	}
	// A marker that is not a slug is refused.
	in.Post.Slug = "Not a slug/../"
	if _, err := s.Publish(t.Context(), h.manager, in); kind(err) != "422:slug" {
		t.Errorf("bad slug: %v", err)
	}
}
