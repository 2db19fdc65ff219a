package domain_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// fakePublisher stands for the agents service and a WordPress site: it
// keeps posts, fails on demand, and can hold a call (to race publishes).
type fakePublisher struct {
	mu    sync.Mutex
	posts map[int64]domain.PostRequest
	calls []domain.PostRequest
	fail  string
	next  int64
	delay time.Duration
	// answered runs as WordPress answers (to end the caller's context
	// then: its deadline passing while the answer comes back).
	answered func()
}

func (f *fakePublisher) PublishPost(ctx context.Context, r domain.PostRequest) (domain.PostResult, error) {
	time.Sleep(f.delay)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.answered != nil {
		defer f.answered()
	}
	f.calls = append(f.calls, r)
	if f.fail != "" {
		return domain.PostResult{}, &domain.PublishFailure{Msg: f.fail}
	}
	id := r.PostID
	if id == 0 {
		f.next++
		id = 500 + f.next
	} else if _, ok := f.posts[id]; !ok {
		return domain.PostResult{}, errs.New(errs.ErrNotFound, "no post")
	}
	f.posts[id] = r
	return domain.PostResult{PostID: id, Link: fmt.Sprintf("https://blog.example.com/?p=%d", id), Status: r.Status}, nil
}

// approvedWithDraft is a ticket of company A in approved with one draft.
func (e *env) approvedWithDraft(t *testing.T) domain.Ticket {
	t.Helper()
	tk := e.newTicket(t)
	if _, _, err := e.svc.AddDraft(t.Context(), e.writer, tk.ID, domain.Draft{Content: "# Spring\n\nBoots **on sale**.<script>x()</script>"}); err != nil {
		t.Fatal(err)
	}
	return e.force(t, e.stored(t, tk.ID), domain.StatusApproved)
}

func TestPublishMovesToPublishedAndRepublishUpdatesTheSamePost(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.approvedWithDraft(t)
	integ := bson.NewObjectID().Hex()
	got, err := e.svc.Publish(t.Context(), e.manager, tk.ID, domain.PublishInput{IntegrationID: integ, Categories: []string{"News"}})
	if err != nil {
		t.Fatal(err)
	}
	pub := got.Publication
	if got.Status != domain.StatusPublished || pub == nil || pub.PostID == 0 || pub.Link == "" || pub.Error != "" || pub.IntegrationID != integ {
		t.Fatalf("after publish: status %s, publication %+v", got.Status, pub)
	}
	sent := e.wp.calls[0]
	if !strings.Contains(sent.Content, "<strong>on sale</strong>") || strings.Contains(sent.Content, "<script>") ||
		sent.Title != tk.Title || sent.Status != "publish" || sent.CompanyID != tk.CompanyID || sent.Categories[0] != "News" {
		t.Fatalf("post sent: %+v", sent)
	}
	hist, _, err := e.svc.History(t.Context(), e.manager, tk.ID, domain.Page{Limit: 50, Sort: "at"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, h := range hist {
		actions = append(actions, h.Action+":"+h.To)
	}
	if !strings.Contains(strings.Join(actions, " "), "published:"+pub.Link) || !strings.Contains(strings.Join(actions, " "), "status_changed:published") {
		t.Fatalf("history: %v", actions)
	}
	// The creator (a follower) is told.
	ns, _, _, err := e.svc.Notifications(t.Context(), e.client, nil, domain.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	told := false
	for _, n := range ns {
		told = told || n.Type == domain.NotifyPublished
	}
	if !told {
		t.Fatalf("follower not told: %+v", ns)
	}
	// Again, as a draft: the same post is updated, no second one.
	again, err := e.svc.Publish(t.Context(), e.manager, tk.ID, domain.PublishInput{IntegrationID: integ, Status: "draft"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Publication.PostID != pub.PostID || len(e.wp.posts) != 1 || e.wp.calls[1].PostID != pub.PostID || again.Status != domain.StatusPublished {
		t.Fatalf("republish: %+v, %d posts", again.Publication, len(e.wp.posts))
	}
}

func TestPublishFailureLeavesTicketApprovedWithTheError(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.approvedWithDraft(t)
	e.wp.fail = "WordPress answered 500 (internal_server_error)"
	_, err := e.svc.Publish(t.Context(), e.manager, tk.ID, domain.PublishInput{IntegrationID: bson.NewObjectID().Hex()})
	if err == nil || !strings.Contains(err.Error(), "WordPress answered 500") {
		t.Fatalf("err = %v", err)
	}
	got := e.stored(t, tk.ID)
	if got.Status != domain.StatusApproved || got.Publication == nil || !strings.Contains(got.Publication.Error, "500") || got.Publication.PostID != 0 {
		t.Fatalf("after failure: %s %+v", got.Status, got.Publication)
	}
	// The claim was released: a retry once WordPress is back succeeds.
	e.wp.fail = ""
	ok, err := e.svc.Publish(t.Context(), e.manager, tk.ID, domain.PublishInput{IntegrationID: got.Publication.IntegrationID})
	if err != nil || ok.Status != domain.StatusPublished || ok.Publication.Error != "" {
		t.Fatalf("retry: %v %+v", err, ok.Publication)
	}
}

func TestPublishRulesAndTenancy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.approvedWithDraft(t)
	integ := bson.NewObjectID().Hex()
	in := domain.PublishInput{IntegrationID: integ}
	for name, c := range map[string]struct {
		p    func() error
		want string
	}{
		"writer":        {func() error { _, err := e.svc.Publish(t.Context(), e.writer, tk.ID, in); return err }, "403"},
		"client":        {func() error { _, err := e.svc.Publish(t.Context(), e.client, tk.ID, in); return err }, "403"},
		"other company": {func() error { _, err := e.svc.Publish(t.Context(), e.managerB, tk.ID, in); return err }, "404"},
		"bad status": {func() error {
			_, err := e.svc.Publish(t.Context(), e.manager, tk.ID, domain.PublishInput{IntegrationID: integ, Status: "live"})
			return err
		}, "422"},
		"bad integration": {func() error {
			_, err := e.svc.Publish(t.Context(), e.manager, tk.ID, domain.PublishInput{IntegrationID: "x"})
			return err
		}, "422"},
	} {
		if got := kind(c.p()); got != c.want {
			t.Errorf("%s: %s, want %s", name, got, c.want)
		}
	}
	open := e.newTicket(t)
	if _, err := e.svc.Publish(t.Context(), e.manager, open.ID, in); kind(err) != "409" {
		t.Errorf("open ticket: %v", err)
	}
	noDraft := e.force(t, e.newTicket(t), domain.StatusApproved)
	if _, err := e.svc.Publish(t.Context(), e.manager, noDraft.ID, in); kind(err) != "409" {
		t.Errorf("no draft: %v", err)
	}
	if len(e.wp.calls) != 0 || e.stored(t, tk.ID).Status != domain.StatusApproved {
		t.Fatalf("a refused publish reached WordPress (%d calls) or changed the ticket", len(e.wp.calls))
	}
}

// Concurrent publishes of one ticket create one post; the others are 409.
func TestConcurrentPublishesCreateOnePost(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.approvedWithDraft(t)
	e.wp.delay = 50 * time.Millisecond
	integ := bson.NewObjectID().Hex()
	var wg sync.WaitGroup
	results := make([]string, 6)
	for i := range results {
		wg.Go(func() {
			_, err := e.svc.Publish(t.Context(), e.manager, tk.ID, domain.PublishInput{IntegrationID: integ})
			results[i] = kind(err)
		})
	}
	wg.Wait()
	if len(e.wp.posts) != 1 || strings.Count(strings.Join(results, ","), "ok") != 1 {
		t.Fatalf("%d posts, results %v", len(e.wp.posts), results)
	}
}

// Issue 13, gap 1: the caller's deadline passes as the publisher answers.
// The outcome is recorded all the same (a detached context): a post that
// WordPress made is never forgotten, and a failure lands on the ticket and
// in its history. Every request names the ticket's marker slug, with
// which the publisher adopts a post an attempt whose answer was lost made.
func TestPublishOutcomeIsRecordedAfterTheCallersDeadline(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.approvedWithDraft(t)
	integ := bson.NewObjectID().Hex()
	ctx, cancel := context.WithCancel(t.Context())
	e.wp.fail, e.wp.answered = "WordPress did not answer in time", cancel
	if _, err := e.svc.Publish(ctx, e.manager, tk.ID, domain.PublishInput{IntegrationID: integ}); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Fatalf("failure: %v", err)
	}
	got := e.stored(t, tk.ID)
	if got.Status != domain.StatusApproved || got.Publication == nil || got.Publication.Error != "WordPress did not answer in time" {
		t.Fatalf("the failure was not recorded: %s %+v", got.Status, got.Publication)
	}
	ctx, cancel = context.WithCancel(t.Context())
	e.wp.fail, e.wp.answered = "", cancel
	if _, err := e.svc.Publish(ctx, e.manager, tk.ID, domain.PublishInput{IntegrationID: integ}); err != nil {
		t.Fatalf("a post made as the deadline passed: %v", err)
	}
	got = e.stored(t, tk.ID)
	if got.Status != domain.StatusPublished || got.Publication == nil || got.Publication.PostID == 0 || got.Publication.Error != "" {
		t.Fatalf("the post was not recorded: %s %+v", got.Status, got.Publication)
	}
	for i, c := range e.wp.calls {
		if c.Slug != domain.PostSlug(tk.ID) || c.Slug != "copydesk-"+tk.ID {
			t.Errorf("call %d: slug %q", i, c.Slug)
		}
	}
}
