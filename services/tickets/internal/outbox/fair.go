package outbox

import (
	"slices"
	"sync"
)

// fair is the turn across companies shared by a process's workers:
// how many deliveries of each company are in flight, and when (by a
// counter) each was last served.
type fair struct {
	mu       sync.Mutex
	tick     uint64
	inFlight map[string]int
	served   map[string]uint64
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
