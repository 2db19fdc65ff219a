package suite

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sample is one process's resources at one time.
type Sample struct {
	PID        int
	RSSKB      int // VmRSS
	AnonKB     int // RssAnon: the process's own memory (heap, stacks, written data)
	FileKB     int // RssFile: mapped file pages, mostly the binary (page cache, shared)
	FDs        int // entries of /proc/<pid>/fd
	Goroutines int // go_goroutines from its /metrics; -1 when unread
}

// ReadSample reads /proc/<pid> and, when metricsURL is set, go_goroutines.
func ReadSample(ctx context.Context, pid int, metricsURL string) (Sample, error) {
	s := Sample{PID: pid, Goroutines: -1}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return s, err
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		for prefix, field := range map[string]*int{"VmRSS:": &s.RSSKB, "RssAnon:": &s.AnonKB, "RssFile:": &s.FileKB} {
			if v, ok := strings.CutPrefix(sc.Text(), prefix); ok {
				*field, _ = strconv.Atoi(strings.Fields(v)[0])
			}
		}
	}
	_ = f.Close()
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return s, err
	}
	s.FDs = len(fds)
	if metricsURL != "" {
		s.Goroutines = goroutines(ctx, metricsURL)
	}
	return s, nil
}

func goroutines(ctx context.Context, url string) int {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for line := range strings.Lines(string(body)) {
		if v, ok := strings.CutPrefix(line, "go_goroutines "); ok {
			n, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int(n)
		}
	}
	return -1
}

// Monitor samples every process of the stack once a second.
type Monitor struct {
	mu      sync.Mutex
	samples map[string][]Sample // process name → samples in time order
}

// Watch samples until ctx is done.
func (m *Monitor) Watch(ctx context.Context, e *Env) {
	m.samples = map[string][]Sample{}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		for _, p := range e.Procs() {
			url := e.URL + "/metrics"
			if p.MetricsAddr != "" {
				url = "http://" + p.MetricsAddr + "/metrics"
			}
			if s, err := ReadSample(ctx, p.PID, url); err == nil {
				m.mu.Lock()
				m.samples[p.Name] = append(m.samples[p.Name], s)
				m.mu.Unlock()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Flat compares the median of the first and the last quarter of each
// process's samples and returns the growths beyond tolerance: a value may
// grow by half plus a fixed slack (goroutines and FDs 25, RSS 24 MB).
// The slack absorbs pools filling and the heap reaching its GC target in
// a short run; a leak per request (thousands per quarter) exceeds it.
// Samples across a restart (a new pid) are not compared.
func (m *Monitor) Flat(w io.Writer) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.samples))
	for n := range m.samples {
		names = append(names, n)
	}
	slices.Sort(names)
	var bad []string
	fmt.Fprintf(w, "%-12s %22s %18s %18s\n", "process", "RSS MB first→last", "FDs first→last", "goroutines")
	for _, n := range names {
		ss := m.samples[n]
		if len(ss) < 8 || ss[0].PID != ss[len(ss)-1].PID {
			continue
		}
		q := len(ss) / 4
		first, last := ss[:q], ss[len(ss)-q:]
		check := func(what string, get func(Sample) int, slack int) (int, int) {
			a, b := median(first, get), median(last, get)
			if a >= 0 && b > a+a/2+slack {
				bad = append(bad, fmt.Sprintf("%s %s grew %d → %d", n, what, a, b))
			}
			return a, b
		}
		r0, r1 := check("RSS KB", func(s Sample) int { return s.RSSKB }, 24<<10)
		f0, f1 := check("FDs", func(s Sample) int { return s.FDs }, 25)
		g0, g1 := check("goroutines", func(s Sample) int { return s.Goroutines }, 25)
		fmt.Fprintf(w, "%-12s %10.1f → %8.1f %8d → %7d %8d → %7d\n", n, float64(r0)/1024, float64(r1)/1024, f0, f1, g0, g1)
	}
	return bad
}

func median(ss []Sample, get func(Sample) int) int {
	v := make([]int, len(ss))
	for i, s := range ss {
		v[i] = get(s)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// mb is kB in MB.
func mb(kb int) float64 { return float64(kb) / 1024 }
