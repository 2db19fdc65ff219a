package domain_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/campaigns/internal/domain"
)

// tooLong asserts a 422 whose only violation is "too many values" on field.
func tooLong(t *testing.T, err error, field string) {
	t.Helper()
	var ve *errs.ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Field != field || ve.Violations[0].Type != "too_long" {
		t.Fatalf("err = %v, want one too_long violation of %s", err, field)
	}
}

// TestListFieldsCountedAsSent: list fields are refused by the number of
// values sent, before repeats are dropped, so that a 1 MiB body of 150 000
// one-letter tags costs a count, not a quadratic de-duplication. Repeats
// of one valid value beyond the limit are refused too: the limit is what
// the client sends.
func TestListFieldsCountedAsSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flood := slices.Repeat([]string{"t"}, 150_000)
	for _, tc := range []struct {
		name  string
		field string
		in    func(*domain.CreateInput, []string)
		one   string // a valid value
		limit int
	}{
		{"tags", "tags", func(in *domain.CreateInput, v []string) { in.Tags = v }, "q2", domain.MaxTags},
		{"channels", "channels", func(in *domain.CreateInput, v []string) { in.Channels = v }, "blog", domain.MaxChannels},
		{"agent_ids", "agent_ids", func(in *domain.CreateInput, v []string) { in.AgentIDs = v }, "0123456789abcdef01234567", domain.MaxAgents},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, vals := range [][]string{flood, slices.Repeat([]string{tc.one}, tc.limit+1)} {
				in := domain.CreateInput{Name: "Flood"}
				tc.in(&in, vals)
				_, err := e.svc.Create(t.Context(), e.manager, in)
				tooLong(t, err, tc.field)
			}
			in := domain.CreateInput{Name: "At the limit"}
			tc.in(&in, slices.Repeat([]string{tc.one}, tc.limit))
			if c, err := e.svc.Create(t.Context(), e.manager, in); err != nil {
				t.Fatalf("%d repeats of one value: %+v %v", tc.limit, c, err)
			}
		})
	}
	c := e.create(t, e.manager, domain.CreateInput{Name: "Target"})
	for _, in := range []struct {
		field string
		in    domain.UpdateInput
	}{
		{"tags", domain.UpdateInput{Version: c.Version, Tags: &flood}},
		{"channels", domain.UpdateInput{Version: c.Version, Channels: &flood}},
		{"agent_ids", domain.UpdateInput{Version: c.Version, AgentIDs: &flood}},
	} {
		_, err := e.svc.Update(t.Context(), e.manager, c.ID, in.in)
		tooLong(t, err, in.field)
	}
	_, _, err := e.svc.List(t.Context(), e.manager, domain.ListInput{Filter: domain.ListFilter{Statuses: flood}, Page: domain.Page{Limit: 10}})
	tooLong(t, err, "status")
}
