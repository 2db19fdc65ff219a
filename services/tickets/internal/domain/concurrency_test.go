package domain_test

import (
	"sync"
	"testing"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

func TestConcurrentTransitionsExactlyOneWins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.newTicket(t)
	const n = 8
	results := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		to := "in_progress"
		if i%2 == 1 {
			to = "cancelled"
		}
		wg.Go(func() {
			_, err := e.svc.ChangeStatus(t.Context(), e.manager, tk.ID, to, "", tk.Version)
			results[i] = kind(err)
		})
	}
	wg.Wait()
	wins := 0
	for _, r := range results {
		switch r {
		case "ok":
			wins++
		case "409":
		default:
			t.Fatalf("unexpected result %s", r)
		}
	}
	if wins != 1 {
		t.Fatalf("%d writers won, want exactly 1 (%v)", wins, results)
	}
	after := e.stored(t, tk.ID)
	if after.Version != tk.Version+1 {
		t.Fatalf("version %d, want %d", after.Version, tk.Version+1)
	}
	hist, _, err := e.svc.History(t.Context(), e.manager, tk.ID, domain.Page{Limit: 100, Sort: "at"})
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	for _, h := range hist {
		if h.Action == "status_changed" {
			steps++
			if h.To != after.Status {
				t.Fatalf("history says %s, ticket is %s", h.To, after.Status)
			}
		}
	}
	if steps != 1 {
		t.Fatalf("%d status changes in history, want 1", steps)
	}
}

func TestConcurrentFollowersAreAllKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.newTicket(t)
	var wg sync.WaitGroup
	users := []string{e.admin.UserID, e.writer2.UserID, e.client2.UserID}
	errc := make(chan error, len(users))
	for _, u := range users {
		wg.Go(func() {
			_, err := e.svc.Follow(t.Context(), e.manager, tk.ID, u)
			errc <- err
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	after := e.stored(t, tk.ID)
	for _, u := range append(users, e.client.UserID, e.writer.UserID) {
		if !after.Follows(u) {
			t.Fatalf("follower %s lost: %v", u, after.Followers)
		}
	}
}

func TestConcurrentCreatesNeverShareANumber(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const n = 20
	numbers := make(chan int64, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			tk, err := e.svc.Create(t.Context(), e.writer, domain.CreateInput{Title: "Product copy"})
			if err != nil {
				t.Error(err)
				return
			}
			numbers <- tk.Number
		})
	}
	wg.Wait()
	close(numbers)
	seen := map[int64]bool{}
	for num := range numbers {
		if seen[num] {
			t.Fatalf("number T-%d handed out twice", num)
		}
		seen[num] = true
	}
	if len(seen) != n {
		t.Fatalf("%d tickets created, want %d", len(seen), n)
	}
	// Another company counts from 1; a deleted ticket's number is not reused.
	b, err := e.svc.Create(t.Context(), e.managerB, domain.CreateInput{Title: "B's first"})
	if err != nil || b.Ref() != "T-1" {
		t.Fatalf("company B's first ticket: %s %v", b.Ref(), err)
	}
	if _, err := e.svc.Delete(t.Context(), e.managerB, b.ID, b.Version); err != nil {
		t.Fatal(err)
	}
	b2, err := e.svc.Create(t.Context(), e.managerB, domain.CreateInput{Title: "B's second"})
	if err != nil || b2.Ref() != "T-2" {
		t.Fatalf("after delete: %s %v, want T-2", b2.Ref(), err)
	}
}
