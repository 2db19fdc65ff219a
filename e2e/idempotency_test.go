package e2e

import (
	"net/http"
	"sync"
	"testing"
)

// Idempotency-Key on creates, as a client with a flaky network uses it:
// a retry gets the first answer and creates nothing, concurrent retries
// create one record, and reusing a key for another request is a 422.
func TestIdempotencyKeyOnCreates(t *testing.T) {
	co := newTicketsCo(t)
	key := uniq("idem")
	title := uniq("once")
	body := map[string]any{"title": title, "type": "blog_post"}
	first := call(t, http.MethodPost, "/api/tickets", co.manager.Access, body, "Idempotency-Key", key)
	want(t, first, http.StatusOK)
	again := call(t, http.MethodPost, "/api/tickets", co.manager.Access, body, "Idempotency-Key", key)
	want(t, again, http.StatusOK)
	if str(again.obj(t), "id") != str(first.obj(t), "id") || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry was not the first answer: %s vs %s", again, first)
	}
	if n := ticketsTitled(t, co, title); n != 1 {
		t.Fatalf("%d tickets titled %q after a retried create, want 1", n, title)
	}

	// Same key, another body: 422, nothing created.
	other := call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": uniq("other"), "type": "blog_post"}, "Idempotency-Key", key)
	want(t, other, http.StatusUnprocessableEntity)

	// The key is the caller's: the same key from another user creates.
	mine := call(t, http.MethodPost, "/api/tickets", co.writer.Access, body, "Idempotency-Key", key)
	want(t, mine, http.StatusOK)
	if str(mine.obj(t), "id") == str(first.obj(t), "id") {
		t.Fatal("another user's request was answered from the first user's key")
	}

	// Concurrent duplicates: one create, every answer the same ticket.
	burst := uniq("burst")
	key2 := uniq("idem")
	var wg sync.WaitGroup
	ids := make([]string, 6)
	for i := range ids {
		wg.Go(func() {
			r, err := send(http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": burst, "type": "blog_post"}, "Idempotency-Key", key2)
			if err == nil && r.status == http.StatusOK {
				ids[i] = str(r.obj(t), "id")
			}
		})
	}
	wg.Wait()
	for i, id := range ids {
		if id == "" || id != ids[0] {
			t.Fatalf("concurrent duplicate %d answered %q, first %q", i, id, ids[0])
		}
	}
	if n := ticketsTitled(t, co, burst); n != 1 {
		t.Fatalf("%d tickets from 6 concurrent duplicates, want 1", n)
	}

	// A malformed key is a 400 and creates nothing.
	bad := call(t, http.MethodPost, "/api/tickets", co.manager.Access, map[string]any{"title": uniq("bad"), "type": "blog_post"}, "Idempotency-Key", "tab\tkey")
	want(t, bad, http.StatusBadRequest)
}

func ticketsTitled(t *testing.T, co ticketsCo, title string) int {
	t.Helper()
	r := call(t, http.MethodGet, "/api/tickets"+q("q", title), co.admin.Access, nil)
	want(t, r, http.StatusOK)
	return len(r.list(t))
}
