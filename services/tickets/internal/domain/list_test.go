package domain_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

func titles(ts []domain.Ticket) string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.Title)
	}
	return strings.Join(out, ",")
}

// TestListDueTypeCreatorAndPaging: due_before/due_after (exclusive, a
// ticket without a due date matches neither), positive type and created_by
// matches, and skip/limit/sort/order with the total of all matches.
func TestListDueTypeCreatorAndPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	base := time.Now().UTC().Truncate(time.Millisecond).Add(24 * time.Hour)
	day := func(i int) *time.Time { d := base.Add(time.Duration(i) * 24 * time.Hour); return &d }
	// T1..T5 due on days 1..5; T1, T2 (manager) are blog posts, T3..T5
	// (T3 by the manager, T4 and T5 by the writer) emails; T6 has no due date.
	for i := 1; i <= 6; i++ {
		in := domain.CreateInput{Title: fmt.Sprintf("T%d", i), Type: "email"}
		if i <= 2 {
			in.Type = "blog_post"
		}
		if i <= 5 {
			in.DueAt = day(i)
		}
		who := e.manager
		if i == 4 || i == 5 {
			who = e.writer
		}
		if _, err := e.svc.Create(ctx, who, in); err != nil {
			t.Fatal(err)
		}
	}
	asc := domain.Page{Limit: 100, Sort: "number"}
	tests := []struct {
		name  string
		f     domain.ListFilter
		page  domain.Page
		want  string
		total int64
	}{
		{"due_before", domain.ListFilter{DueBefore: day(3)}, asc, "T1,T2", 2},
		{"due_after", domain.ListFilter{DueAfter: day(3)}, asc, "T4,T5", 2},
		{"due window", domain.ListFilter{DueAfter: day(1), DueBefore: day(5)}, asc, "T2,T3,T4", 3},
		{"due window empty", domain.ListFilter{DueAfter: day(2), DueBefore: day(3)}, asc, "", 0},
		{"type blog_post", domain.ListFilter{Type: "blog_post"}, asc, "T1,T2", 2},
		{"type email", domain.ListFilter{Type: "email"}, asc, "T3,T4,T5,T6", 4},
		{"created_by writer", domain.ListFilter{CreatedBy: e.writer.UserID}, asc, "T4,T5", 2},
		{"created_by and type", domain.ListFilter{CreatedBy: e.manager.UserID, Type: "email"}, asc, "T3,T6", 2},
		{"limit", domain.ListFilter{}, domain.Page{Limit: 2, Sort: "number"}, "T1,T2", 6},
		{"skip and limit", domain.ListFilter{}, domain.Page{Skip: 2, Limit: 2, Sort: "number"}, "T3,T4", 6},
		{"skip past the end", domain.ListFilter{}, domain.Page{Skip: 10, Limit: 2, Sort: "number"}, "", 6},
		{"number desc", domain.ListFilter{}, domain.Page{Limit: 3, Sort: "number", Desc: true}, "T6,T5,T4", 6},
		{"due_at desc", domain.ListFilter{DueBefore: day(9)}, domain.Page{Limit: 100, Sort: "due_at", Desc: true}, "T5,T4,T3,T2,T1", 5},
		{"title desc, skip 1", domain.ListFilter{Type: "email"}, domain.Page{Skip: 1, Limit: 2, Sort: "title", Desc: true}, "T5,T4", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts, total, err := e.svc.List(ctx, e.manager, domain.ListInput{Filter: tt.f, Page: tt.page})
			if err != nil {
				t.Fatal(err)
			}
			if got := titles(ts); got != tt.want || total != tt.total {
				t.Fatalf("got %q (total %d), want %q (total %d)", got, total, tt.want, tt.total)
			}
		})
	}
	// Bad paging is refused by listing.NewPage (in the transport).
	for _, bad := range []struct {
		skip, limit int32
		sort, order string
	}{{-1, 10, "", ""}, {0, listing.MaxLimit + 1, "", ""}, {0, 10, "secret", ""}, {0, 10, "", "sideways"}} {
		if _, err := listing.NewPage(listing.PageRequest{Skip: bad.skip, Limit: bad.limit, Sort: bad.sort, Order: bad.order, Sortable: domain.TicketSorts}); kind(err) != "422" {
			t.Errorf("page %+v: %v, want 422", bad, err)
		}
	}
}

// TestListMine: mine=true keeps tickets assigned to or followed by the
// caller — for a follower who neither created nor works on a ticket, and
// for a client (within what the client may see at all).
func TestListMine(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	mk := func(p principal.Principal, title string) domain.Ticket {
		tk, err := e.svc.Create(ctx, p, domain.CreateInput{Title: title})
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	mk(e.manager, "Staff only")
	followed := mk(e.manager, "Followed by writer2 and client")
	assigned := mk(e.manager, "Assigned to writer")
	own := mk(e.client, "Client's own")
	mk(e.client2, "Other client's")
	for _, f := range []struct {
		tk   domain.Ticket
		user string
	}{{followed, e.writer2.UserID}, {followed, e.client.UserID}} {
		if _, err := e.svc.Follow(ctx, e.manager, f.tk.ID, f.user); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.Assign(ctx, e.manager, assigned.ID, e.writer.UserID, assigned.Version); err != nil {
		t.Fatal(err)
	}
	list := func(p principal.Principal, mine bool) string {
		ts, _, err := e.svc.List(ctx, p, domain.ListInput{Mine: mine, Page: domain.Page{Limit: 100, Sort: "created_at"}})
		if err != nil {
			t.Fatal(err)
		}
		return titles(ts)
	}
	checks := []struct {
		name string
		p    principal.Principal
		mine bool
		want string
	}{
		{"follower only", e.writer2, true, "Followed by writer2 and client"},
		{"follower sees all without mine", e.writer2, false, "Staff only,Followed by writer2 and client,Assigned to writer,Client's own,Other client's"},
		{"assignee", e.writer, true, "Assigned to writer"},
		{"client", e.client, true, "Followed by writer2 and client,Client's own"},
		{"client without mine", e.client, false, "Followed by writer2 and client,Client's own"},
		{"other client", e.client2, true, "Other client's"},
		{"manager creator follows", e.manager, true, "Staff only,Followed by writer2 and client,Assigned to writer"},
	}
	for _, c := range checks {
		if got := list(c.p, c.mine); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// A client who stops following its own ticket still sees it (it created
	// it) but it is no longer "mine".
	if _, err := e.svc.Unfollow(ctx, e.client, own.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got := list(e.client, true); got != "Followed by writer2 and client" {
		t.Errorf("client mine after unfollowing its own: %q", got)
	}
	if got := list(e.client, false); got != "Followed by writer2 and client,Client's own" {
		t.Errorf("client list after unfollowing its own: %q", got)
	}
}
