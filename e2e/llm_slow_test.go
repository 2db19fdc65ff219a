package e2e

import (
	"net/http"
	"testing"
	"time"
)

// A model that takes longer than the edge's default 10s call deadline (and
// than any fixed write timeout short of LLM_CALL_TIMEOUT) still answers: a
// real completion often does.
func TestLLMSlowCompletionIsNotCutByTheEdge(t *testing.T) {
	t.Parallel()
	co := newLLMCompany(t)
	s := fakeLLM.NewScript(t, "Worth", " the", " wait")
	s.Delay = 12 * time.Second
	r := call(t, http.MethodPost, "/api/llm/completion", co.writer.Access, map[string]any{
		"prompt": s.Prompt("Think hard."), "max_tokens": 20})
	want(t, r, http.StatusOK)
	if got := str(r.obj(t), "text"); got != "Worth the wait" {
		t.Fatalf("text %q", got)
	}
	if n := s.Requests(); n != 1 {
		t.Fatalf("provider saw %d requests, want 1 (no retry of a slow but healthy call)", n)
	}
}
