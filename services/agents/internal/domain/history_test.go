package domain_test

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

func TestHistoryIsTrimmedOldestFirstAtTheBudget(t *testing.T) {
	t.Parallel()
	text := func(c byte) string { return strings.Repeat(string(c), 36) } // 9 + 4 = 13 tokens each
	msgs := []domain.Message{
		{Role: domain.RoleUser, Content: text('a'), Status: domain.MessageOK},
		{Role: domain.RoleAssistant, Content: text('b'), Status: domain.MessageOK},
		{Role: domain.RoleUser, Content: text('c'), Status: domain.MessageOK},
		{Role: domain.RoleAssistant, Content: text('d'), Status: domain.MessageOK},
	}
	if c := domain.EstimateTokens(text('a')); c != 13 {
		t.Fatalf("estimate = %d", c)
	}
	for _, tc := range []struct {
		budget int
		want   string
	}{{52, "abcd"}, {51, "cd"}, {39, "cd"}, {26, "cd"}, {25, ""}, {13, ""}, {0, ""}} { // whole turns: never "bcd" or "d"
		got := domain.TrimHistory(msgs, tc.budget)
		var firsts []byte
		for _, turn := range got {
			firsts = append(firsts, turn.Content[0])
		}
		if string(firsts) != tc.want {
			t.Errorf("budget %d: kept %q, want %q", tc.budget, firsts, tc.want)
		}
	}
}

func TestFailedTurnsAreLeftOutOfHistory(t *testing.T) {
	t.Parallel()
	msgs := []domain.Message{
		{Role: domain.RoleUser, Content: "first", Status: domain.MessageOK},
		{Role: domain.RoleAssistant, Content: "answer", Status: domain.MessageOK},
		{Role: domain.RoleUser, Content: "failed question", Status: domain.MessageOK},
		{Role: domain.RoleAssistant, Status: domain.MessageFailed},
	}
	got := domain.TrimHistory(msgs, 1000)
	if len(got) != 2 || got[0].Content != "first" || got[1].Content != "answer" {
		t.Fatalf("history = %+v", got)
	}
}
