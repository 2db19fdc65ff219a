package suite

import (
	"context"
	"fmt"
	"net/http"
	"sync"
)

// Ledger is the list of writes the stack acknowledged (a 2xx answer):
// every one must be readable afterwards, whatever crashed in between.
type Ledger struct {
	mu      sync.Mutex
	entries []entry
}

type entry struct {
	kind     string // "ticket" or "comment"
	ticketID string
	text     string // the ticket's title or the comment's body
	token    string // who may read it back
}

// Ticket records an acknowledged ticket create.
func (l *Ledger) Ticket(id, title, token string) { l.add(entry{"ticket", id, title, token}) }

// Comment records an acknowledged comment.
func (l *Ledger) Comment(ticketID, body, token string) {
	l.add(entry{"comment", ticketID, body, token})
}

func (l *Ledger) add(e entry) {
	l.mu.Lock()
	l.entries = append(l.entries, e)
	l.mu.Unlock()
}

// Len is the number of acknowledged writes.
func (l *Ledger) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

// Verify reads every acknowledged write back and returns those missing
// (or unreadable: a read that fails counts as missing).
func (l *Ledger) Verify(ctx context.Context, c *Client) []string {
	l.mu.Lock()
	entries := append([]entry(nil), l.entries...)
	l.mu.Unlock()
	comments := map[string]map[string]bool{} // ticket → bodies, read once per ticket
	var missing []string
	for _, e := range entries {
		switch e.kind {
		case "ticket":
			r := c.Do(ctx, "", http.MethodGet, "/api/tickets/"+e.ticketID, e.token, nil)
			if r.Status != http.StatusOK || Str(r.Obj(), "title") != e.text {
				missing = append(missing, fmt.Sprintf("ticket %s %q: %s", e.ticketID, e.text, r))
			}
		case "comment":
			bodies, ok := comments[e.ticketID]
			if !ok {
				r := c.Do(ctx, "", http.MethodGet, "/api/tickets/"+e.ticketID+"/comments?limit=1000", e.token, nil)
				if r.Status != http.StatusOK {
					missing = append(missing, fmt.Sprintf("comments of %s: %s", e.ticketID, r))
					continue
				}
				bodies = map[string]bool{}
				for _, cm := range r.List() {
					bodies[Str(cm, "body")] = true
				}
				comments[e.ticketID] = bodies
			}
			if !bodies[e.text] {
				missing = append(missing, fmt.Sprintf("comment on %s %q", e.ticketID, e.text))
			}
		}
	}
	return missing
}
