package domain_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// tooLong asserts a 422 on field that says how many values it takes.
func tooLong(t *testing.T, err error, field string) {
	t.Helper()
	if !hasField(err, field) || !strings.Contains(err.Error(), "at most") {
		t.Fatalf("err = %v, want a 422 on %s", err, field)
	}
}

// TestListFieldsCountedAsSent: tags and event types are refused by the
// number of values sent, before repeats are dropped, so that a 1 MiB body
// of 150 000 one-letter tags costs a count, not a quadratic
// de-duplication (tens of seconds of one core before). Repeats of one
// valid value beyond the limit are refused too.
func TestListFieldsCountedAsSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	flood := slices.Repeat([]string{"t"}, 150_000)
	for _, tags := range [][]string{flood, slices.Repeat([]string{"spring"}, domain.MaxTags+1)} {
		_, err := e.svc.Create(ctx, e.client, domain.CreateInput{Title: "Flood", Tags: tags})
		tooLong(t, err, "tags")
	}
	tk, err := e.svc.Create(ctx, e.client, domain.CreateInput{Title: "At the limit", Tags: slices.Repeat([]string{" spring "}, domain.MaxTags)})
	if err != nil || !slices.Equal(tk.Tags, []string{"spring"}) {
		t.Fatalf("%d repeats of one tag: %+v %v", domain.MaxTags, tk.Tags, err)
	}
	_, err = e.svc.Update(ctx, e.manager, tk.ID, domain.UpdateInput{Version: tk.Version, Tags: &flood})
	tooLong(t, err, "tags")
	if got := e.stored(t, tk.ID); got.Version != tk.Version {
		t.Fatalf("a refused update changed the ticket: version %d", got.Version)
	}

	hook := domain.WebhookInput{URL: "https://hooks.example.com/x", Secret: strings.Repeat("s", domain.MinSecret)}
	for _, types := range [][]string{flood, slices.Repeat([]string{domain.EventCreated}, domain.MaxEventTypes+1)} {
		in := hook
		in.EventTypes = types
		_, err := e.svc.CreateWebhook(ctx, e.admin, in)
		tooLong(t, err, "event_types")
	}

	_, _, err = e.svc.List(ctx, e.manager, domain.ListInput{Filter: domain.ListFilter{Statuses: flood}, Page: domain.Page{Limit: 10}})
	tooLong(t, err, "status")
	_, _, err = e.svc.List(ctx, e.manager, domain.ListInput{Filter: domain.ListFilter{Statuses: []string{strings.Repeat("open,", 150_000)}}, Page: domain.Page{Limit: 10}})
	tooLong(t, err, "status")
}
