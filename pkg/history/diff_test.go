package history_test

import (
	"slices"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/history"
)

// TestDiff: only fields that are sent and differ are set and reported,
// in the order diffed, with their old and new value as text.
func TestDiff(t *testing.T) {
	t.Parallel()
	var got []string
	d := history.Diff{Updated: func(field, from, to string) { got = append(got, field+":"+from+"→"+to) }}
	var ch struct {
		title, same, absent *string
		tags, sameTags      *[]string
		due, sameDue        *time.Time
	}
	at := time.Date(2031, 3, 1, 12, 0, 0, 0, time.UTC)
	later, sameAt := at.Add(time.Hour), at.In(time.FixedZone("x", 3600))
	ptr := func(s string) *string { return &s }
	d.String("title", &ch.title, ptr("new"), "old")
	d.String("same", &ch.same, ptr("x"), "x")
	d.String("absent", &ch.absent, nil, "x")
	d.Strings("tags", &ch.tags, &[]string{"a", "b"}, []string{"a"})
	d.Strings("same_tags", &ch.sameTags, &[]string{"a"}, []string{"a"})
	d.Time("due_at", &ch.due, &later, &at)
	d.Time("same_due", &ch.sameDue, &sameAt, &at)
	cleared := d.Cleared("start_at", &at)
	if d.Cleared("end_at", nil) || !cleared {
		t.Fatal("Cleared reports only a time that was set")
	}
	want := []string{"title:old→new", "tags:a→a,b", "due_at:2031-03-01T12:00:00Z→2031-03-01T13:00:00Z", "start_at:2031-03-01T12:00:00Z→"}
	if !slices.Equal(got, want) {
		t.Fatalf("reported %q, want %q", got, want)
	}
	if *ch.title != "new" || len(*ch.tags) != 2 || !ch.due.Equal(later) {
		t.Fatal("a changed field was not set")
	}
	if ch.same != nil || ch.absent != nil || ch.sameTags != nil || ch.sameDue != nil {
		t.Fatal("an unchanged field was set")
	}
}
