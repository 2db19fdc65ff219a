package domain_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// TestCommentsAndEditsRacingLoseNothing: comments (which store their event
// on the ticket without a new version) and edits (versioned) race on one
// ticket. No acknowledged edit is lost to a relay clearing events (FerretDB
// writes whole documents), the version counts exactly the edits, and
// every acknowledged comment is stored once with one history entry.
func TestCommentsAndEditsRacingLoseNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	tk := e.newTicket(t)
	const writers, each = 3, 4
	var mu sync.Mutex
	var edits []domain.Ticket
	comments := map[string]bool{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range each {
				c, err := e.svc.AddComment(ctx, e.writer, tk.ID, fmt.Sprintf("note %d-%d", w, i))
				if err == nil {
					mu.Lock()
					comments[c.ID] = true
					mu.Unlock()
				} else if !errors.Is(err, errs.ErrConflict) {
					t.Error(err)
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := range each {
				title := fmt.Sprintf("Title %d-%d", w, i)
				for range 20 {
					cur := e.stored(t, tk.ID)
					nt, err := e.svc.Update(ctx, e.manager, tk.ID, domain.UpdateInput{Version: cur.Version, Title: &title})
					if err == nil {
						mu.Lock()
						edits = append(edits, nt)
						mu.Unlock()
						break
					}
					if !errors.Is(err, errs.ErrConflict) {
						t.Error(err)
						return
					}
					time.Sleep(time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	if _, err := e.svc.RelayPending(ctx, time.Now().Add(time.Hour), 100); err != nil {
		t.Fatal(err)
	}
	final := e.stored(t, tk.ID)
	if want := tk.Version + int64(len(edits)); final.Version != want {
		t.Fatalf("version %d after %d acknowledged edits from %d: comments or relays moved it", final.Version, len(edits), tk.Version)
	}
	last := tk
	for _, ed := range edits {
		if ed.Version > last.Version {
			last = ed
		}
	}
	if final.Title != last.Title {
		t.Fatalf("title %q, but the last acknowledged edit (v%d) set %q: an edit was lost", final.Title, last.Version, last.Title)
	}
	stored, _, err := e.svc.Comments(ctx, e.manager, tk.ID, domain.Page{Limit: 100, Sort: "created_at"})
	if err != nil {
		t.Fatal(err)
	}
	hist, _, err := e.svc.History(ctx, e.manager, tk.ID, domain.Page{Limit: 200, Sort: "at"})
	if err != nil {
		t.Fatal(err)
	}
	commented := map[string]int{}
	for _, h := range hist {
		if h.Action == "commented" {
			commented[h.To]++
		}
	}
	if len(stored) != len(comments) || len(commented) != len(comments) || len(comments) == 0 {
		t.Fatalf("%d comments acknowledged, %d stored, %d in the history", len(comments), len(stored), len(commented))
	}
	for _, c := range stored {
		if !comments[c.ID] || commented[c.ID] != 1 {
			t.Fatalf("comment %s: acknowledged %v, %d history entries", c.ID, comments[c.ID], commented[c.ID])
		}
	}
}
