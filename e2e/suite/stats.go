package suite

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"time"
)

// Recorder collects answers per route: latencies and status counts.
type Recorder struct {
	mu     sync.Mutex
	routes map[string]*routeStats
	begin  time.Time
}

type routeStats struct {
	took   []time.Duration
	status map[int]int // 0: transport error
	errs   []string    // first few unexpected answers
}

// NewRecorder starts the clock for throughput.
func NewRecorder() *Recorder { return &Recorder{routes: map[string]*routeStats{}, begin: time.Now()} }

// Reset empties the recorder and restarts its clock.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.routes, r.begin = map[string]*routeStats{}, time.Now()
	r.mu.Unlock()
}

// Add records one answer.
func (r *Recorder) Add(route string, res Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.routes[route]
	if s == nil {
		s = &routeStats{status: map[int]int{}}
		r.routes[route] = s
	}
	s.took = append(s.took, res.Took)
	s.status[res.Status]++
	if res.Status == 503 && res.Header.Get("Retry-After") == "" {
		s.status[-503]++ // counted as a failure: a 503 must say when to retry
	}
	if (res.Status == 0 || res.Status >= 500) && len(s.errs) < 5 {
		s.errs = append(s.errs, res.String())
	}
}

// Failures lists the routes' 5xx answers and transport errors; with
// allow503, only 503s without Retry-After count among the 503s.
func (r *Recorder) Failures(allow503 bool) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for name, s := range r.routes {
		n := 0
		for code, c := range s.status {
			if code == 0 || code == -503 || (code >= 500 && (code != 503 || !allow503)) {
				n += c
			}
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%s: %d failed (e.g. %v)", name, n, s.errs))
		}
	}
	sort.Strings(out)
	return out
}

// Total is the number of answers recorded.
func (r *Recorder) Total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.routes {
		n += len(s.took)
	}
	return n
}

// Quantile is the q-quantile (0..1) of sorted latencies.
func Quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// Report prints throughput, p50/p95/p99 and statuses per route.
func (r *Recorder) Report(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	secs := time.Since(r.begin).Seconds()
	names := make([]string, 0, len(r.routes))
	total := 0
	for n, s := range r.routes {
		names = append(names, n)
		total += len(s.took)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%-40s %8s %8s %9s %9s %9s  %s\n", "route", "count", "req/s", "p50", "p95", "p99", "statuses")
	for _, n := range names {
		s := r.routes[n]
		took := slices.Clone(s.took)
		slices.Sort(took)
		fmt.Fprintf(w, "%-40s %8d %8.1f %9s %9s %9s  %v\n", n, len(took), float64(len(took))/secs,
			ms(Quantile(took, .50)), ms(Quantile(took, .95)), ms(Quantile(took, .99)), s.status)
	}
	fmt.Fprintf(w, "%-40s %8d %8.1f\n", "all", total, float64(total)/secs)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
