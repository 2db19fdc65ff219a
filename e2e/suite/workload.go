package suite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk/tools/devstack/stack"
)

// Tenant is a company with the roles the workload acts as.
type Tenant struct {
	Manager, Writer, Client Session
}

// SetupTenants creates n companies, each with a manager, a writer and a
// client, logged in.
func SetupTenants(ctx context.Context, e *Env, n int) ([]Tenant, error) {
	begin := time.Now()
	defer func() { fmt.Fprintf(e.Out, "%d tenants set up in %s\n", n, time.Since(begin).Round(time.Millisecond)) }()
	var out []Tenant
	for i := range n {
		r := e.HTTP.Do(ctx, "", http.MethodPost, "/api/companies", e.Admin.Access, map[string]any{"name": fmt.Sprintf("Suite Co %d %s", i, stack.RandomString(4))})
		if !r.OK() {
			return nil, fmt.Errorf("create company: %s", r)
		}
		cid := Str(r.Obj(), "id")
		var t Tenant
		for _, u := range []struct {
			role string
			s    *Session
		}{{"content_manager", &t.Manager}, {"content_writer", &t.Writer}, {"client", &t.Client}} {
			email, pw := "suite-"+stack.RandomString(8)+"@suite.example.com", "pw-"+stack.RandomString(10)
			r := e.HTTP.Do(ctx, "", http.MethodPost, "/api/users", e.Admin.Access, map[string]any{
				"email": email, "full_name": "Suite " + u.role, "role": u.role, "password": pw, "company_id": cid})
			if !r.OK() {
				return nil, fmt.Errorf("create %s: %s", u.role, r)
			}
			s, err := e.HTTP.Login(ctx, email, pw)
			if err != nil {
				return nil, err
			}
			*u.s = s
		}
		out = append(out, t)
	}
	return out, nil
}

// Workload is the mixed traffic of the suites: logins, reads, lists,
// creates, workflow steps, comments and completions (offline provider).
type Workload struct {
	C       *Client
	Tenants []Tenant
	Ledger  *Ledger
	seq     atomic.Int64
}

// Run drives users virtual users until ctx is done.
func (w *Workload) Run(ctx context.Context, users int) {
	var wg sync.WaitGroup
	for i := range users {
		wg.Go(func() {
			v := &vu{w: w, t: w.Tenants[i%len(w.Tenants)], rnd: rand.New(rand.NewPCG(uint64(i), 16))}
			for ctx.Err() == nil {
				v.once(ctx)
			}
		})
	}
	wg.Wait()
}

type ticketRef struct {
	id      string
	version float64
	step    int // index into flow of the next step
}

// flow is the workflow each ticket walks, one step per operation.
var flow = []struct {
	to  string
	who func(Tenant) Session
}{
	{"assign", func(t Tenant) Session { return t.Manager }},
	{"in_progress", func(t Tenant) Session { return t.Writer }},
	{"in_review", func(t Tenant) Session { return t.Writer }},
	{"approved", func(t Tenant) Session { return t.Client }},
	{"published", func(t Tenant) Session { return t.Manager }},
	{"closed", func(t Tenant) Session { return t.Manager }},
}

type vu struct {
	w       *Workload
	t       Tenant
	rnd     *rand.Rand
	tickets []*ticketRef
}

func (v *vu) once(ctx context.Context) {
	c := v.w.C
	n := v.rnd.IntN(100)
	switch {
	case n < 12 || len(v.tickets) == 0:
		v.create(ctx)
	case n < 24:
		c.Do(ctx, "GET /auth/me", http.MethodGet, "/auth/me", v.t.Writer.Access, nil)
	case n < 38:
		c.Do(ctx, "GET /api/tickets", http.MethodGet, "/api/tickets?limit=25", v.t.Manager.Access, nil)
	case n < 52:
		c.Do(ctx, "GET /api/tickets/{id}", http.MethodGet, "/api/tickets/"+v.pick().id, v.t.Client.Access, nil)
	case n < 66:
		v.step(ctx)
	case n < 78:
		tk := v.pick()
		body := fmt.Sprintf("comment %d %s", v.w.seq.Add(1), stack.RandomString(4))
		r := c.Do(ctx, "POST /api/tickets/{id}/comments", http.MethodPost, "/api/tickets/"+tk.id+"/comments", v.t.Writer.Access, map[string]any{"body": body},
			"Idempotency-Key", body)
		if r.OK() {
			v.w.Ledger.Comment(tk.id, body, v.t.Manager.Access)
		}
	case n < 86:
		c.Do(ctx, "POST /api/llm/completion", http.MethodPost, "/api/llm/completion", v.t.Writer.Access, map[string]any{"prompt": "Write a tagline for spring"})
	case n < 92:
		c.Do(ctx, "GET /api/users", http.MethodGet, "/api/users?limit=25", v.t.Manager.Access, nil)
	case n < 96:
		c.Do(ctx, "GET /api/campaigns", http.MethodGet, "/api/campaigns?limit=25", v.t.Manager.Access, nil)
	default:
		_, _ = c.Login(ctx, v.t.Client.Email, v.t.Client.Password)
	}
}

func (v *vu) pick() *ticketRef { return v.tickets[v.rnd.IntN(len(v.tickets))] }

func (v *vu) create(ctx context.Context) {
	title := fmt.Sprintf("Suite ticket %d %s", v.w.seq.Add(1), stack.RandomString(4))
	// Creates carry an Idempotency-Key, as a careful client's do: a retry
	// (Go's transport retries such requests on a connection the server
	// closed) cannot create twice.
	r := v.w.C.Do(ctx, "POST /api/tickets", http.MethodPost, "/api/tickets", v.t.Client.Access,
		map[string]any{"title": title, "type": "blog_post"}, "Idempotency-Key", title)
	if !r.OK() {
		return
	}
	tk := r.Obj()
	v.w.Ledger.Ticket(Str(tk, "id"), title, v.t.Manager.Access)
	if len(v.tickets) >= 50 { // keep the working set small: old tickets drop out
		v.tickets = v.tickets[1:]
	}
	v.tickets = append(v.tickets, &ticketRef{id: Str(tk, "id"), version: num(tk, "version")})
}

// step moves one of the VU's tickets one step along the flow.
func (v *vu) step(ctx context.Context) {
	tk := v.pick()
	if tk.step >= len(flow) {
		v.create(ctx)
		return
	}
	s := flow[tk.step]
	var r Result
	if s.to == "assign" {
		r = v.w.C.Do(ctx, "POST /api/tickets/{id}/assign", http.MethodPost, "/api/tickets/"+tk.id+"/assign", s.who(v.t).Access,
			map[string]any{"user_id": v.t.Writer.ID, "version": tk.version})
	} else {
		r = v.w.C.Do(ctx, "POST /api/tickets/{id}/status", http.MethodPost, "/api/tickets/"+tk.id+"/status", s.who(v.t).Access,
			map[string]any{"status": s.to, "version": tk.version})
	}
	switch {
	case r.OK():
		tk.version = num(r.Obj(), "version")
		tk.step++
	case r.Status == http.StatusConflict:
		// The step may have been applied while its answer was lost (a
		// crash): read the ticket back and go on from where it is.
		v.refresh(ctx, tk)
	}
}

// next is the flow index after each status.
var next = map[string]int{"in_progress": 2, "in_review": 3, "approved": 4, "published": 5, "closed": 6}

func (v *vu) refresh(ctx context.Context, tk *ticketRef) {
	r := v.w.C.Do(ctx, "GET /api/tickets/{id}", http.MethodGet, "/api/tickets/"+tk.id, v.t.Manager.Access, nil)
	if !r.OK() {
		return
	}
	m := r.Obj()
	tk.version, tk.step = num(m, "version"), next[Str(m, "status")]
	if tk.step == 0 && Str(m, "assignee_id") != "" {
		tk.step = 1
	}
}

func num(m map[string]any, k string) float64 { f, _ := m[k].(float64); return f }
