package mongox_test

import (
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/history"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
)

func TestHistoryPagesOneEntityOfOneCompany(t *testing.T) {
	t.Parallel()
	h := mongox.NewHistory(mongotest.DB(t).Collection("history"), "ticket_id")
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var entries []history.Entry
	for i, to := range []string{"in_progress", "in_review", "approved"} {
		entries = append(entries, history.Entry{CompanyID: "a", EntityID: "t1", ActorID: "u", At: t0.Add(time.Duration(i) * time.Minute),
			Action: "status_changed", Field: "status", To: to, Version: int64(i + 2)})
	}
	entries = append(entries,
		history.Entry{CompanyID: "a", EntityID: "t2", At: t0, Action: "created"},
		history.Entry{CompanyID: "b", EntityID: "t1", At: t0, Action: "created", Automatic: true})
	if err := h.AppendHistory(t.Context(), entries); err != nil {
		t.Fatal(err)
	}
	got, total, err := h.ListHistory(t.Context(), "a", "t1", mongox.Page{Skip: 1, Limit: 5, Desc: true})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(got) != 2 || got[0].To != "in_review" || got[1].To != "in_progress" {
		t.Fatalf("page of a/t1: total %d, %+v", total, got)
	}
	if e := got[0]; e.EntityID != "t1" || e.CompanyID != "a" || e.Version != 3 || e.ID == "" || !e.At.Equal(t0.Add(time.Minute)) || e.Automatic {
		t.Fatalf("entry read back as %+v", e)
	}
	other, _, err := h.ListHistory(t.Context(), "b", "t1", mongox.Page{Limit: 5})
	if err != nil || len(other) != 1 || !other[0].Automatic {
		t.Fatalf("company b: %+v %v", other, err)
	}
	if _, _, err := h.ListHistory(t.Context(), "", "t1", mongox.Page{Limit: 5}); err == nil {
		t.Fatal("a list without a company was served")
	}
	if err := h.AppendHistory(t.Context(), []history.Entry{{EntityID: "t1"}}); err == nil {
		t.Fatal("an entry without a company was stored")
	}
}
