package workflow_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/workflow"
)

type who uint8

const (
	byEditor who = 1 << iota
	byOwner
	byRobot
)

var doc = workflow.New([]string{"draft", "review", "live", "gone"}, workflow.Steps[who]{
	"draft":  {"review": byEditor | byOwner, "gone": byOwner},
	"review": {"draft": byEditor, "live": byEditor | byRobot},
	"live":   {"gone": byEditor},
}, workflow.Words{Illegal: "a doc", Denied: "this doc"})

func TestAllowedFromIsInStateOrder(t *testing.T) {
	t.Parallel()
	for from, want := range map[string][]string{
		"draft": {"review", "gone"}, "review": {"draft", "live"}, "live": {"gone"}, "gone": nil, "nope": nil,
	} {
		if got := doc.AllowedFrom(from); !slices.Equal(got, want) {
			t.Errorf("AllowedFrom(%s) = %v, want %v", from, got, want)
		}
	}
	if got := doc.States(); !slices.Equal(got, []string{"draft", "review", "live", "gone"}) {
		t.Errorf("States() = %v", got)
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to string
		who      who
		want     error
		msg      string
	}{
		{"draft", "review", byOwner, nil, ""},
		{"draft", "review", byEditor | byRobot, nil, ""},
		{"draft", "gone", byEditor, errs.ErrPermissionDenied, "Your role may not move this doc from draft to gone"},
		{"review", "live", byRobot, nil, ""},
		{"review", "live", 0, errs.ErrPermissionDenied, "Your role may not move this doc from review to live"},
		{"draft", "live", byEditor | byOwner | byRobot, errs.ErrInvalidTransition, "Cannot move a doc from draft to live; allowed: review, gone"},
		{"gone", "draft", byEditor, errs.ErrInvalidTransition, "Cannot move a doc from gone to draft; allowed: none"},
		{"draft", "draft", byOwner, errs.ErrInvalidTransition, "Cannot move a doc from draft to draft; allowed: review, gone"},
	} {
		err := doc.Check(c.from, c.to, c.who)
		if !errors.Is(err, c.want) || (err == nil) != (c.want == nil) {
			t.Errorf("%s → %s by %b: %v, want %v", c.from, c.to, c.who, err, c.want)
			continue
		}
		if err != nil && err.Error() != c.msg {
			t.Errorf("%s → %s: message %q, want %q", c.from, c.to, err.Error(), c.msg)
		}
		if legal := c.want != errs.ErrInvalidTransition; doc.May(c.from, c.to, c.who) != (legal && c.want == nil) {
			t.Errorf("May(%s, %s, %b) disagrees with Check", c.from, c.to, c.who)
		}
	}
}

func TestWordsMayBeEmpty(t *testing.T) {
	t.Parallel()
	m := workflow.New([]string{"a", "b"}, workflow.Steps[who]{"a": {"b": byOwner}}, workflow.Words{Denied: "this ticket"})
	if err := m.Check("b", "a", byOwner); err == nil || err.Error() != "Cannot move from b to a; allowed: none" {
		t.Fatalf("illegal without a noun: %v", err)
	}
}

func TestNewRefusesUnknownStates(t *testing.T) {
	t.Parallel()
	for name, steps := range map[string]workflow.Steps[who]{
		"from": {"x": {"a": byOwner}},
		"to":   {"a": {"x": byOwner}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("step %s an unknown state accepted", name)
				}
			}()
			workflow.New([]string{"a", "b"}, steps, workflow.Words{})
		}()
	}
}

func TestCheckVersion(t *testing.T) {
	t.Parallel()
	var ve *errs.ValidationError
	if err := workflow.CheckVersion("Ticket", 0, 3); !errors.As(err, &ve) || ve.Violations[0].Field != "version" ||
		ve.Violations[0].Msg != "version is required: send the version you read" {
		t.Fatalf("version 0: %v, want 422 on version", err)
	}
	if err := workflow.CheckVersion("Ticket", 2, 3); !errors.Is(err, errs.ErrConflict) ||
		err.Error() != "Ticket was changed by someone else (now version 3); reload and retry" {
		t.Fatalf("stale: %v", err)
	}
	if err := workflow.CheckVersion("Ticket", 3, 3); err != nil {
		t.Fatalf("current: %v", err)
	}
}
