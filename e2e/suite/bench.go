package suite

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"
)

// Bench is the outcome of one closed-loop run: n workers calling fn as
// fast as they can for a duration.
type Bench struct {
	Name  string
	Took  []time.Duration // sorted
	Errs  int
	First error
	Secs  float64
}

// RunBench calls fn from workers goroutines until d has passed; worker
// i passes i to fn (its own connection).
func RunBench(ctx context.Context, name string, workers int, d time.Duration, fn func(ctx context.Context, worker int) error) Bench {
	var (
		mu sync.Mutex
		b  = Bench{Name: name}
		wg sync.WaitGroup
	)
	begin := time.Now()
	end := begin.Add(d)
	for i := range workers {
		wg.Go(func() {
			var took []time.Duration
			errs, first := 0, error(nil)
			for ctx.Err() == nil && time.Now().Before(end) {
				// A call runs to its end with a deadline of its own: the
				// run's end would reach the server with the call (gRPC
				// sends deadlines) and cut calls in flight, which the
				// client then saw as DeadlineExceeded just before its own.
				cctx, cancel := context.WithTimeout(ctx, benchCallTimeout)
				t := time.Now()
				err := fn(cctx, i)
				cancel()
				if ctx.Err() != nil {
					break // interrupted
				}
				took = append(took, time.Since(t))
				if err != nil {
					errs++
					first = cmpErr(first, err)
				}
			}
			mu.Lock()
			b.Took, b.Errs, b.First = append(b.Took, took...), b.Errs+errs, cmpErr(b.First, first)
			mu.Unlock()
		})
	}
	wg.Wait()
	b.Secs = time.Since(begin).Seconds()
	slices.Sort(b.Took)
	return b
}

// benchCallTimeout bounds one call of a bench.
const benchCallTimeout = 30 * time.Second

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// RPS is the throughput.
func (b Bench) RPS() float64 { return float64(len(b.Took)) / b.Secs }

// P is the q-quantile latency.
func (b Bench) P(q float64) time.Duration { return Quantile(b.Took, q) }

// Print writes one line: count, req/s, p50/p99, errors.
func (b Bench) Print(w io.Writer) {
	fmt.Fprintf(w, "  %-44s %7d req %8.0f req/s  p50 %9s  p99 %9s", b.Name, len(b.Took), b.RPS(), ms(b.P(.5)), ms(b.P(.99)))
	if b.Errs > 0 {
		fmt.Fprintf(w, "  %d errors (e.g. %v)", b.Errs, b.First)
	}
	fmt.Fprintln(w)
}

// Compare prints the gateway's throughput ratio and added latency over
// the direct gRPC call.
func Compare(w io.Writer, gw, direct Bench) {
	fmt.Fprintf(w, "  → gateway/direct throughput %.0f%% (goal ≥ 60%%), added p50 %s, added p99 %s (goal ≤ 1 ms)\n",
		100*gw.RPS()/direct.RPS(), ms(gw.P(.5)-direct.P(.5)), ms(gw.P(.99)-direct.P(.99)))
}
