package domain_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// TestListFilters: status (several, comma separated), q, tag, owner,
// channel and the date range (overlap), with total and paging.
func TestListFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	day := func(d int) time.Time { return time.Date(2031, 3, d, 0, 0, 0, 0, time.UTC) }
	mk := func(name string, from, to int, tags, channels []string, owner string) domain.Campaign {
		in := domain.CreateInput{Name: name, Tags: tags, Channels: channels, OwnerID: owner}
		if from > 0 {
			s, en := day(from), day(to)
			in.StartAt, in.EndAt = &s, &en
		}
		return e.create(t, e.manager, in)
	}
	march := mk("March Madness", 1, 10, []string{"spring"}, []string{"blog"}, "")
	mid := mk("Mid month", 8, 20, []string{"spring", "promo"}, []string{"email", "social"}, e.writer.UserID)
	late := mk("Late sale", 25, 30, []string{"promo"}, []string{"web"}, "")
	undated := mk("Someday", 0, 0, nil, nil, "")
	if _, err := e.svc.ChangeStatus(ctx, e.manager, late.ID, domain.StatusArchived, "", late.Version); err != nil {
		t.Fatal(err)
	}
	e.create(t, e.managerB, domain.CreateInput{Name: "March in B"})
	at := func(d int) *time.Time { v := day(d); return &v }
	tests := []struct {
		name string
		f    domain.ListFilter
		want []domain.Campaign
	}{
		{"all", domain.ListFilter{}, []domain.Campaign{march, mid, late, undated}},
		{"status", domain.ListFilter{Statuses: []string{"draft"}}, []domain.Campaign{march, mid, undated}},
		{"statuses comma", domain.ListFilter{Statuses: []string{"archived,scheduled"}}, []domain.Campaign{late}},
		{"q", domain.ListFilter{Q: "MARCH"}, []domain.Campaign{march}},
		{"q is literal", domain.ListFilter{Q: "M.*"}, nil},
		{"tag", domain.ListFilter{Tag: "promo"}, []domain.Campaign{mid, late}},
		{"owner", domain.ListFilter{OwnerID: e.writer.UserID}, []domain.Campaign{mid}},
		{"channel", domain.ListFilter{Channel: "Email"}, []domain.Campaign{mid}},
		{"range inside one", domain.ListFilter{From: at(2), To: at(5)}, []domain.Campaign{march}},
		{"range touching ends", domain.ListFilter{From: at(10), To: at(25)}, []domain.Campaign{march, mid, late}},
		{"range between", domain.ListFilter{From: at(21), To: at(24)}, nil},
		{"open end", domain.ListFilter{From: at(15)}, []domain.Campaign{mid, late}},
		{"open start", domain.ListFilter{To: at(7)}, []domain.Campaign{march}},
		{"combined", domain.ListFilter{Tag: "spring", From: at(9), To: at(9), Statuses: []string{"draft"}}, []domain.Campaign{march, mid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, total, err := e.svc.List(ctx, e.manager, domain.ListInput{Filter: tt.f, Page: domain.Page{Limit: 100, Sort: "name"}})
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(tt.want, func(a, b domain.Campaign) int { return strings.Compare(a.Name, b.Name) })
			assertNames(t, got, tt.want)
			if total != int64(len(tt.want)) {
				t.Fatalf("total %d, want %d", total, len(tt.want))
			}
		})
	}
	t.Run("paging and sort", func(t *testing.T) {
		t.Parallel()
		got, total, err := e.svc.List(ctx, e.manager, domain.ListInput{Page: domain.Page{Skip: 1, Limit: 2, Sort: "start_at", Desc: true}})
		if err != nil || total != 4 {
			t.Fatalf("page: total %d, %v", total, err)
		}
		assertNames(t, got, []domain.Campaign{mid, march})
	})
	t.Run("bad filters", func(t *testing.T) {
		t.Parallel()
		_, _, err := e.svc.List(ctx, e.manager, domain.ListInput{Filter: domain.ListFilter{Statuses: []string{"live"}, Channel: "fax", From: at(5), To: at(1)}})
		assertFields(t, err, []string{"status", "channel", "date_to"})
	})
}

// assertNames checks the names of got against want, in want's order
// (the table's lists are sorted by name, so their want is too).
func assertNames(t *testing.T, got, want []domain.Campaign) {
	t.Helper()
	names := func(cs []domain.Campaign) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	if g, w := names(got), names(want); !slices.Equal(g, w) {
		t.Fatalf("got %v, want %v", g, w)
	}
}
