package outbox

import (
	"slices"
	"sync"
	"time"
)

// fair is the turn across companies shared by a process's workers:
// how many deliveries of each company are in flight, when (by a counter)
// each was last served, and the round: the companies with due jobs, read
// once (Store.DueCompanies) and claimed from in turn until each has none
// left or the round is older than the poll interval. Reading the due
// companies before every claim made each claim's cost grow with the
// backlog.
type fair struct {
	mu       sync.Mutex
	tick     uint64
	inFlight map[string]int
	served   map[string]uint64
	round    []string
	roundAt  time.Time
}

func newFair() *fair { return &fair{inFlight: map[string]int{}, served: map[string]uint64{}} }

// order sorts companies by deliveries in flight, then by last served
// (never served first).
func (f *fair) order(companies []string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(companies)
	slices.SortStableFunc(out, func(a, b string) int {
		if d := f.inFlight[a] - f.inFlight[b]; d != 0 {
			return d
		}
		switch sa, sb := f.served[a], f.served[b]; {
		case sa < sb:
			return -1
		case sa > sb:
			return 1
		}
		return 0
	})
	return out
}

// current returns the round's companies in turn order, or ok false when
// the round is empty or was read more than maxAge before now (a company
// whose first job came after the read waits at most that long).
func (f *fair) current(now time.Time, maxAge time.Duration) (companies []string, ok bool) {
	f.mu.Lock()
	round, at := f.round, f.roundAt
	f.mu.Unlock()
	if len(round) == 0 || now.Sub(at) >= maxAge || now.Before(at) {
		return nil, false
	}
	return f.order(round), true
}

// newRound replaces the round with companies, read at at.
func (f *fair) newRound(companies []string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.round, f.roundAt = slices.Clone(companies), at
}

// drop takes company out of the round: it had no job left to claim.
func (f *fair) drop(company string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.round = slices.DeleteFunc(f.round, func(c string) bool { return c == company })
}

func (f *fair) start(company string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tick++
	f.served[company] = f.tick
	f.inFlight[company]++
}

func (f *fair) done(company string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.inFlight[company]--; f.inFlight[company] <= 0 {
		delete(f.inFlight, company)
	}
}
