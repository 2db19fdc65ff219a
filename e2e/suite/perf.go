package suite

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
	"github.com/copydesk/copydesk/pkg/mtls"
	"github.com/copydesk/copydesk/pkg/pprofserve"
	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// PerfOptions is the perf stack: without the edge's rate limits (P1
// measures what the gateway adds to a call, and one user at 32
// connections is far over them). With $PERF_PROFILE_DIR set, the gateway
// serves its profiles on a loopback address (PPROF_ADDR) and P1 writes a
// CPU profile of each gateway run there.
func PerfOptions() (Options, Profiler, error) {
	o := Options{Env: []string{"RATE_LIMIT_USER_RPS=1000000", "RATE_LIMIT_USER_BURST=1000000",
		"RATE_LIMIT_ADDR_RPS=1000000", "RATE_LIMIT_ADDR_BURST=1000000"}}
	dir := os.Getenv("PERF_PROFILE_DIR")
	if dir == "" {
		return o, Profiler{}, nil
	}
	addr, err := stack.FreeAddr()
	if err != nil {
		return o, Profiler{}, err
	}
	o.ServiceEnv = map[string][]string{stack.Gateway: {pprofserve.EnvAddr + "=" + addr}}
	return o, Profiler{Addr: addr, Dir: dir}, nil
}

// Profiler takes CPU profiles from a process's PPROF_ADDR into Dir; the
// zero Profiler takes none.
type Profiler struct{ Addr, Dir string }

// During runs f while a CPU profile of d is taken, written to Dir/name.pprof.
func (p Profiler) During(ctx context.Context, out io.Writer, name string, d time.Duration, f func()) {
	if p.Addr == "" {
		f()
		return
	}
	done := make(chan error, 1)
	path := filepath.Join(p.Dir, name+".pprof")
	go func() { done <- fetchProfile(ctx, p.Addr, d, path) }()
	f()
	if err := <-done; err != nil {
		fmt.Fprintf(out, "  profile %s: %v\n", name, err)
		return
	}
	fmt.Fprintf(out, "  CPU profile: go tool pprof -top %s\n", path)
}

func fetchProfile(ctx context.Context, addr string, d time.Duration, path string) error {
	secs := max(1, int(d.Seconds())-1)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s", resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// PerfDuration is each measurement's length ($PERF_DURATION, default 10s).
func PerfDuration() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("PERF_DURATION")); err == nil && d > 0 {
		return d
	}
	return 10 * time.Second
}

// RunPerf measures, in one run: P4 idle RSS and time to ready; P1 the
// gateway against the same RPC called directly over gRPC with the same
// token, 32 connections each; ticket creates at 1 and 8 clients and the
// database writes per create. It reports; it asserts nothing but that the
// calls succeed.
func RunPerf(ctx context.Context, e *Env, prof Profiler) error {
	d := PerfDuration()
	out := e.Out
	fmt.Fprintf(out, "machine: %d CPUs (%s), load average %s; each measurement %s\n", runtime.NumCPU(), cpuModel(), loadAvg(), d)
	fmt.Fprintf(out, "P4: stack start to ready (built binaries, fresh data): %s\n", e.Ready.Round(time.Millisecond))
	time.Sleep(3 * time.Second) // idle
	fmt.Fprintln(out, "P4: idle RSS = anonymous (the process's own) + file-backed (the binary's pages, shared page cache)")
	for _, p := range e.Procs() {
		if s, err := ReadSample(ctx, p.PID, ""); err == nil {
			fmt.Fprintf(out, "  %-10s %6.1f MB = %5.1f + %5.1f\n", p.Name, mb(s.RSSKB), mb(s.AnonKB), mb(s.FileKB))
		}
	}
	tenants, err := SetupTenants(ctx, e, 1)
	if err != nil {
		return err
	}
	t := tenants[0]
	r := e.HTTP.Do(ctx, "", http.MethodPost, "/api/tickets", t.Client.Access, map[string]any{"title": "Perf ticket", "type": "blog_post"})
	if !r.OK() {
		return fmt.Errorf("create: %s", r)
	}
	tid := Str(r.Obj(), "id")
	if err := p1(ctx, e, t.Writer.Access, tid, d, prof); err != nil {
		return err
	}
	return creates(ctx, e, t.Client.Access, d)
}

// p1: 32 connections each way.
func p1(ctx context.Context, e *Env, tok, ticketID string, d time.Duration, prof Profiler) error {
	const conns = 32
	hc := NewClient(e.URL, conns)
	// Direct calls present the gateway's certificate, as the gateway does
	// (the services speak mutual TLS only).
	tlsCfg, err := mtls.Load(e.TLSDirs[stack.Gateway], stack.Gateway)
	if err != nil {
		return err
	}
	dial := func(addr string) ([]*grpc.ClientConn, error) {
		var cs []*grpc.ClientConn
		for range conns {
			c, err := grpc.NewClient(addr, grpc.WithTransportCredentials(tlsCfg.ClientCredentials()))
			if err != nil {
				return nil, err
			}
			cs = append(cs, c)
		}
		return cs, nil
	}
	authConns, err := dial(e.Addrs["auth"])
	if err != nil {
		return err
	}
	ticketConns, err := dial(e.Addrs["tickets"])
	if err != nil {
		return err
	}
	defer func() {
		for _, c := range append(authConns, ticketConns...) {
			_ = c.Close()
		}
	}()
	md := metadata.Pairs("authorization", "Bearer "+tok)
	httpGet := func(path string) func(context.Context, int) error {
		return func(ctx context.Context, _ int) error {
			if r := hc.Do(ctx, "", http.MethodGet, path, tok, nil); r.Status != http.StatusOK {
				return fmt.Errorf("%s", r)
			}
			return nil
		}
	}
	meDirect := func(ctx context.Context, i int) error {
		_, err := authv1.NewAuthServiceClient(authConns[i]).Me(metadata.NewOutgoingContext(ctx, md), &authv1.MeRequest{})
		return err
	}
	ticketDirect := func(ctx context.Context, i int) error {
		_, err := ticketsv1.NewTicketServiceClient(ticketConns[i]).GetTicket(metadata.NewOutgoingContext(ctx, md), &ticketsv1.GetTicketRequest{Id: ticketID})
		return err
	}
	var all []Bench
	// pair runs one read (route, sent as path) through the gateway (profiled when profile is
	// set) and the same RPC direct, n connections each, and compares them.
	pair := func(n int, route, path, rpc, profile string, direct func(context.Context, int) error) {
		suffix := fmt.Sprintf(", %d connections", n)
		var gw Bench
		run := func() { gw = RunBench(ctx, "GET "+route+" (gateway"+suffix+")", n, d, httpGet(path)) }
		if profile != "" {
			prof.During(ctx, e.Out, profile, d, run)
		} else {
			run()
		}
		dir := RunBench(ctx, rpc+" (direct gRPC"+suffix+")", n, d, direct)
		gw.Print(e.Out)
		dir.Print(e.Out)
		Compare(e.Out, gw, dir)
		all = append(all, gw, dir)
	}
	fmt.Fprintln(e.Out, "P1: gateway vs direct gRPC, same token, 32 connections")
	RunBench(ctx, "warm-up", conns, time.Second, httpGet("/auth/me"))
	pair(conns, "/auth/me", "/auth/me", "AuthService/Me", "gateway-auth-me", meDirect)
	pair(conns, "/api/tickets/{id}", "/api/tickets/"+ticketID, "TicketService/GetTicket", "gateway-get-ticket", ticketDirect)
	// One connection each way: no queue to wait in, so the difference is
	// what the gateway's hop itself costs (at 32 connections on two shared
	// cores most of it is queueing behind the other processes).
	fmt.Fprintln(e.Out, "P1: the same reads, 1 connection (unloaded)")
	pair(1, "/auth/me", "/auth/me", "AuthService/Me", "", meDirect)
	pair(1, "/api/tickets/{id}", "/api/tickets/"+ticketID, "TicketService/GetTicket", "", ticketDirect)
	for _, b := range all {
		if b.Errs > 0 {
			return fmt.Errorf("%s: %d errors, e.g. %v", b.Name, b.Errs, b.First)
		}
	}
	return nil
}

// creates: POST /api/tickets at 1 and 8 clients, and the database writes
// per create counted from FerretDB's serverStatus command counters.
func creates(ctx context.Context, e *Env, tok string, d time.Duration) error {
	db, err := mongo.Connect(options.Client().ApplyURI(e.MongoURI))
	if err != nil {
		return err
	}
	defer func() { _ = db.Disconnect(context.WithoutCancel(ctx)) }()
	fmt.Fprintln(e.Out, "Creates: POST /api/tickets")
	for _, clients := range []int{1, 8} {
		before, err := commandCounts(ctx, db)
		if err != nil {
			return err
		}
		hc := NewClient(e.URL, clients)
		b := RunBench(ctx, fmt.Sprintf("POST /api/tickets, %d client(s)", clients), clients, d, func(ctx context.Context, _ int) error {
			r := hc.Do(ctx, "", http.MethodPost, "/api/tickets", tok, map[string]any{"title": "Perf create", "type": "blog_post"})
			if !r.OK() {
				return fmt.Errorf("%s", r)
			}
			return nil
		})
		after, err := commandCounts(ctx, db)
		if err != nil {
			return err
		}
		b.Print(e.Out)
		n := float64(len(b.Took))
		var parts []string
		for _, c := range []string{"insert", "update", "findAndModify", "delete", "find", "aggregate"} {
			if diff := after[c] - before[c]; diff > 0 {
				parts = append(parts, fmt.Sprintf("%s %.2f", c, float64(diff)/n))
			}
		}
		fmt.Fprintf(e.Out, "  → database commands per create (all processes, background jobs included): %s\n", strings.Join(parts, ", "))
	}
	return nil
}

// commandCounts reads FerretDB's per-command totals (serverStatus
// metrics.commands.<name>.total).
func commandCounts(ctx context.Context, c *mongo.Client) (map[string]int64, error) {
	var res struct {
		Metrics struct {
			Commands map[string]struct {
				Total int64 `bson:"total"`
			} `bson:"commands"`
		} `bson:"metrics"`
	}
	if err := c.Database("admin").RunCommand(ctx, bson.D{{Key: "serverStatus", Value: 1}}).Decode(&res); err != nil {
		return nil, fmt.Errorf("serverStatus: %w", err)
	}
	out := map[string]int64{}
	for k, v := range res.Metrics.Commands {
		out[k] = v.Total
	}
	return out, nil
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return "unknown CPU"
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
