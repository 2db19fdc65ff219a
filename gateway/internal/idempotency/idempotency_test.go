package idempotency

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/mongotest"
)

// create is a handler that counts its runs and answers 201 with the run
// number, or the status in the request's X-Answer header.
type create struct{ runs atomic.Int32 }

func (c *create) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := c.runs.Add(1)
	time.Sleep(20 * time.Millisecond) // a create takes a moment
	w.Header().Set("Content-Type", "application/json")
	code := http.StatusCreated
	if r.Header.Get("X-Answer") == "500" {
		code = http.StatusInternalServerError
	}
	w.WriteHeader(code)
	_, _ = io.WriteString(w, `{"run":`+string(rune('0'+n))+`}`)
}

func newKeys(t *testing.T) (*Keys, *Store) {
	t.Helper()
	db := mongotest.DB(t)
	for _, m := range Migrations() {
		if err := m.Up(t.Context(), db); err != nil {
			t.Fatal(err)
		}
	}
	store := NewStore(db, 24*time.Hour, time.Minute)
	return NewKeys(store, slog.New(slog.DiscardHandler), 5*time.Second), store
}

type answer struct {
	code     int
	body     string
	replayed bool
	problem  *Problem
}

func send(t *testing.T, k *Keys, h http.Handler, key, company, user, body string, headers ...string) answer {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/tickets", strings.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	p := k.Serve(w, r, key, company, user, []byte(body), h.ServeHTTP)
	return answer{code: w.Code, body: w.Body.String(), replayed: w.Header().Get(ReplayedHeader) == "true", problem: p}
}

func TestRepeatGetsTheFirstAnswer(t *testing.T) {
	k, _ := newKeys(t)
	h := &create{}
	first := send(t, k, h, "k1", "c1", "u1", `{"title":"a"}`)
	again := send(t, k, h, "k1", "c1", "u1", `{"title":"a"}`)
	if h.runs.Load() != 1 {
		t.Fatalf("create ran %d times, want 1", h.runs.Load())
	}
	if first.code != 201 || again.code != 201 || again.body != first.body || !again.replayed || first.replayed {
		t.Fatalf("first %+v, again %+v", first, again)
	}
}

func TestSameKeyOtherBodyIs422(t *testing.T) {
	k, _ := newKeys(t)
	h := &create{}
	send(t, k, h, "k1", "c1", "u1", `{"title":"a"}`)
	got := send(t, k, h, "k1", "c1", "u1", `{"title":"b"}`)
	if got.problem == nil || got.problem.Status != http.StatusUnprocessableEntity || h.runs.Load() != 1 {
		t.Fatalf("got %+v after %d runs, want a 422 problem and one run", got.problem, h.runs.Load())
	}
}

func TestKeysAreScopedPerCompanyAndUser(t *testing.T) {
	k, _ := newKeys(t)
	h := &create{}
	send(t, k, h, "k1", "c1", "u1", `{}`)
	other := send(t, k, h, "k1", "c1", "u2", `{}`)
	otherCompany := send(t, k, h, "k1", "c2", "u1", `{}`)
	if h.runs.Load() != 3 || other.replayed || otherCompany.replayed {
		t.Fatalf("runs %d: another caller's key answered a request", h.runs.Load())
	}
}

func TestConcurrentDuplicatesCreateOnce(t *testing.T) {
	k, _ := newKeys(t)
	h := &create{}
	var wg sync.WaitGroup
	answers := make([]answer, 8)
	for i := range answers {
		wg.Go(func() { answers[i] = send(t, k, h, "same", "c1", "u1", `{"title":"a"}`) })
	}
	wg.Wait()
	if h.runs.Load() != 1 {
		t.Fatalf("8 concurrent duplicates ran the create %d times", h.runs.Load())
	}
	for i, a := range answers {
		if a.code != 201 || a.body != answers[0].body {
			t.Fatalf("answer %d: %+v, first %+v", i, a, answers[0])
		}
	}
}

func TestAServerErrorIsNotKept(t *testing.T) {
	k, _ := newKeys(t)
	h := &create{}
	failed := send(t, k, h, "k1", "c1", "u1", `{}`, "X-Answer", "500")
	retry := send(t, k, h, "k1", "c1", "u1", `{}`)
	if failed.code != 500 || retry.code != 201 || retry.replayed || h.runs.Load() != 2 {
		t.Fatalf("failed %+v, retry %+v, runs %d: a 5xx must let the retry run", failed, retry, h.runs.Load())
	}
}

func TestAbandonedAndExpiredKeysRunAgain(t *testing.T) {
	k, store := newKeys(t)
	h := &create{}
	// A request still in progress: a duplicate waits, then is told to
	// retry (409) without running.
	id := ScopedID("c1", "u1", "busy")
	req := httptest.NewRequest(http.MethodPost, "/api/tickets", nil)
	if held, err := store.claim(t.Context(), id, "owner", "c1", "u1", fingerprintOf(req, []byte(`{}`))); err != nil || held != nil {
		t.Fatal(held, err)
	}
	k.wait = 100 * time.Millisecond
	if a := send(t, k, h, "busy", "c1", "u1", `{}`); a.problem == nil || a.problem.Status != http.StatusConflict || h.runs.Load() != 0 {
		t.Fatalf("duplicate of a request in progress: %+v, runs %d", a, h.runs.Load())
	}
	// Its owner died: once the lease has run out, one retry takes over.
	store.now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	if a := send(t, k, h, "busy", "c1", "u1", `{}`); a.code != 201 || h.runs.Load() != 1 {
		t.Fatalf("retry after the owner's lease ran out: %+v, runs %d", a, h.runs.Load())
	}
	store.now = time.Now
	// An answer older than the TTL is gone: the key runs again, and the
	// purge removes what expired.
	send(t, k, h, "old", "c1", "u1", `{}`)
	store.now = func() time.Time { return time.Now().Add(25 * time.Hour) }
	again := send(t, k, h, "old", "c1", "u1", `{}`)
	if again.replayed || again.code != 201 {
		t.Fatalf("an expired key was replayed: %+v", again)
	}
	store.now = func() time.Time { return time.Now().Add(50 * time.Hour) }
	if n, err := store.Purge(t.Context()); err != nil || n == 0 {
		t.Fatalf("purge removed %d (%v)", n, err)
	}
}

func TestMalformedKeysAreRefused(t *testing.T) {
	k, _ := newKeys(t)
	h := &create{}
	for _, key := range []string{"", strings.Repeat("k", 256), "tab\tkey", "é"} {
		if a := send(t, k, h, key, "c1", "u1", `{}`); a.problem == nil || a.problem.Status != 400 {
			t.Fatalf("key %q: %+v", key, a)
		}
	}
	if h.runs.Load() != 0 {
		t.Fatal("a malformed key ran the request")
	}
}
