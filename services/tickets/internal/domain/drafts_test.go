package domain_test

import (
	"sync"
	"testing"

	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

func draft(content string) domain.Draft {
	return domain.Draft{Content: content, AgentID: "a1", PersonaVersion: 3,
		Citations: []domain.DraftCitation{{N: 1, ChunkID: "c1", Source: domain.DraftSource{Title: "Boots"}, Score: 0.5}}}
}

// The assignee's draft is revision 1 and moves the open ticket to
// in_progress; a manager's later draft on a ticket in review is revision 2
// and leaves the status alone; other writers and clients are 403, another
// company 404, an empty draft 422.
func TestAddDraftNumbersAndStatus(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	tk := e.newTicket(t)
	for who, want := range map[string]struct {
		p    principal.Principal
		kind string
	}{"writer2": {e.writer2, "403"}, "client": {e.client, "403"}, "managerB": {e.managerB, "404"}} {
		if _, _, err := e.svc.AddDraft(ctx, want.p, tk.ID, draft("x")); kind(err) != want.kind {
			t.Errorf("%s: %s, want %s", who, kind(err), want.kind)
		}
	}
	if _, _, err := e.svc.AddDraft(ctx, e.writer, tk.ID, draft("   ")); !hasField(err, "content") {
		t.Fatalf("empty draft: %v", err)
	}
	d, nt, err := e.svc.AddDraft(ctx, e.writer, tk.ID, draft("  First draft [1].  "))
	if err != nil {
		t.Fatal(err)
	}
	if d.Number != 1 || d.Content != "First draft [1]." || d.CreatedBy != e.writer.UserID || nt.Status != domain.StatusInProgress || nt.Version != tk.Version+1 {
		t.Fatalf("draft %+v, ticket %s v%d", d, nt.Status, nt.Version)
	}
	inReview := e.force(t, e.stored(t, tk.ID), domain.StatusInReview)
	d2, nt, err := e.svc.AddDraft(ctx, e.manager, tk.ID, draft("Second"))
	if err != nil || d2.Number != 2 || nt.Status != domain.StatusInReview || nt.Version != inReview.Version {
		t.Fatalf("second draft %+v, ticket %s, err %v", d2, nt.Status, err)
	}
	ds, n, err := e.svc.Drafts(ctx, e.client, tk.ID, domain.Page{Limit: 10, Sort: "number", Desc: true})
	if err != nil || n != 2 || ds[0].Number != 2 || ds[1].Citations[0].Source.Title != "Boots" {
		t.Fatalf("drafts %+v total %d err %v", ds, n, err)
	}
	hist, _, err := e.svc.History(ctx, e.manager, tk.ID, domain.Page{Limit: 100, Sort: "at"})
	if err != nil {
		t.Fatal(err)
	}
	var drafts, moves int
	for _, h := range hist {
		switch {
		case h.Action == "draft_added":
			drafts++
		case h.Action == "status_changed" && h.To == domain.StatusInProgress:
			moves++
		}
	}
	if drafts != 2 || moves != 1 {
		t.Fatalf("history has %d drafts and %d moves to in_progress: %+v", drafts, moves, hist)
	}
}

// Concurrent drafts of one ticket get distinct numbers 1..n and the ticket
// moves to in_progress once.
func TestAddDraftConcurrentNumbers(t *testing.T) {
	e := newEnv(t)
	tk := e.newTicket(t)
	const n = 6
	nums := make([]int64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			d, _, err := e.svc.AddDraft(t.Context(), e.writer, tk.ID, draft("concurrent"))
			if err != nil {
				t.Error(err)
			}
			nums[i] = d.Number
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for _, x := range nums {
		if x < 1 || x > n || seen[x] {
			t.Fatalf("numbers %v", nums)
		}
		seen[x] = true
	}
	if got := e.stored(t, tk.ID); got.Status != domain.StatusInProgress || got.Version != tk.Version+1 {
		t.Fatalf("ticket %s v%d after concurrent drafts", got.Status, got.Version)
	}
}
