package domain_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/agents/internal/domain"
)

var (
	planStart = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	planEnd   = time.Date(2027, 3, 31, 18, 0, 0, 0, time.UTC)
)

func planInput(agentID string, pieces int) domain.PlanInput {
	return domain.PlanInput{AgentID: agentID, Pieces: pieces, Channels: []string{"blog", "email"}, Types: []string{"blog_post", "email", "other"},
		WindowStart: planStart, Instructions: "Lead with the waxed canvas.",
		Campaign: domain.PlanBrief{CampaignID: "c1", CompanyID: companyA, Name: "Spring boots", Goal: "Sell 500 pairs",
			Audience: "city walkers", StartAt: planStart, EndAt: planEnd, BudgetCents: 500000, Currency: "USD"}}
}

// planJSON is an answer with one piece per date.
func planJSON(dates ...string) string {
	var ps []string
	for i, d := range dates {
		ps = append(ps, fmt.Sprintf(`{"title":"Piece %d","type":"Blog_Post","channel":"blog","brief":"b","target_date":%q,"sources":[1,1,9]}`, i+1, d))
	}
	return "```json\n{\"pieces\":[" + strings.Join(ps, ",") + "]}\n```"
}

// The answer's dates land inside the window whatever the model wrote,
// extra pieces are cut off, types and channels take their canonical
// spelling, sources outside the excerpts are dropped; the prompt carries
// the brief, the window and the schema, and JSON is asked for.
func TestProposePlanKeepsDatesInsideTheWindowAndCapsPieces(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mgr := user(principal.RoleContentManager, companyA)
	a := h.agent(t, mgr)
	h.knowledge.chunks = []domain.Chunk{{ID: "k1", CompanyID: companyA, Content: "Waxed canvas", Source: domain.Source{ID: "s1", Title: "Boots"}}}
	h.llm.text = planJSON("2026-01-01", "2027-03-10", "2027-03-31", "2030-12-31T00:00:00Z", "2027-03-05")
	plan, err := h.svc.ProposePlan(t.Context(), mgr, planInput(a.ID, 4))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Pieces) != 4 {
		t.Fatalf("%d pieces, want the 4 asked for", len(plan.Pieces))
	}
	for _, p := range plan.Pieces {
		if p.TargetDate.Before(planStart) || p.TargetDate.After(planEnd) {
			t.Errorf("%s target %s outside [%s, %s]", p.Title, p.TargetDate, planStart, planEnd)
		}
		if p.Type != "blog_post" || p.Channel != "blog" || fmt.Sprint(p.Sources) != "[1]" {
			t.Errorf("piece %+v", p)
		}
	}
	if got := plan.Pieces[1].TargetDate; !got.Equal(time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("2027-03-10 became %s, want noon UTC", got)
	}
	if len(plan.Sources) != 1 || plan.Sources[0].ChunkID != "k1" || plan.Sources[0].N != 1 || plan.PersonaVersion != 1 {
		t.Fatalf("plan %+v", plan)
	}
	c := h.llm.last(t)
	var schema map[string]any
	if err := json.Unmarshal([]byte(c.JSONSchema), &schema); err != nil {
		t.Fatalf("schema %q: %v", c.JSONSchema, err)
	}
	task := c.Messages[0].Content
	for _, part := range []string{"Spring boots", "Sell 500 pairs", "city walkers", "2027-03-01 to 2027-03-31", "Budget: 500000 in the smallest unit of USD", "Lead with the waxed canvas", "blog, email", `"target_date"`} {
		if !strings.Contains(task, part) {
			t.Errorf("task lacks %q:\n%s", part, task)
		}
	}
	if !strings.Contains(c.System, "Waxed canvas") {
		t.Errorf("system prompt lacks the knowledge: %s", c.System)
	}
}

// An answer that is no plan is asked for again once, with the reason; a
// second bad answer fails the call with 503.
func TestProposePlanRetriesAnInvalidAnswerOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mgr := user(principal.RoleContentManager, companyA)
	a := h.agent(t, mgr)
	h.llm.answers = []string{`{"pieces":[{"title":"x","type":"podcast"`, planJSON("2027-03-02")}
	plan, err := h.svc.ProposePlan(t.Context(), mgr, planInput(a.ID, 3))
	if err != nil || len(plan.Pieces) != 1 || len(h.llm.calls) != 2 {
		t.Fatalf("plan %+v, %v after %d calls", plan, err, len(h.llm.calls))
	}
	if retry := h.llm.last(t).Messages; len(retry) != 3 || !strings.Contains(retry[2].Content, "not a valid plan") {
		t.Fatalf("retry turns %+v", retry)
	}

	h.llm.answers = []string{"Sure! Here is a plan.", `{"pieces":[{"title":"x","type":"podcast","channel":"blog","target_date":"2027-03-02"}]}`}
	_, err = h.svc.ProposePlan(t.Context(), mgr, planInput(a.ID, 3))
	if !isKind(err, errs.ErrUnavailable) || !strings.Contains(err.Error(), "podcast") || len(h.llm.calls) != 4 {
		t.Fatalf("two bad answers: %v after %d calls", err, len(h.llm.calls))
	}
}

// Writers and clients may not plan; another company's agent is 404, an
// archived one 409; bad input is 422 before the model is called.
func TestProposePlanRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mgr := user(principal.RoleContentManager, companyA)
	a := h.agent(t, mgr)
	b := h.agent(t, user(principal.RoleContentManager, companyB))
	h.llm.text = planJSON("2027-03-02")
	for name, tc := range map[string]struct {
		p    principal.Principal
		in   domain.PlanInput
		kind error
	}{
		"writer":           {user(principal.RoleContentWriter, companyA), planInput(a.ID, 2), errs.ErrPermissionDenied},
		"client":           {user(principal.RoleClient, companyA), planInput(a.ID, 2), errs.ErrPermissionDenied},
		"other's agent":    {mgr, planInput(b.ID, 2), errs.ErrNotFound},
		"other's campaign": {user(principal.RoleContentManager, companyB), planInput(b.ID, 2), errs.ErrNotFound},
		"51 pieces":        {mgr, planInput(a.ID, 51), nil},
		"0 pieces":         {mgr, planInput(a.ID, 0), nil},
	} {
		_, err := h.svc.ProposePlan(t.Context(), tc.p, tc.in)
		if tc.kind != nil && !isKind(err, tc.kind) {
			t.Errorf("%s: %v, want %v", name, err, tc.kind)
		}
		if tc.kind == nil && !isValidation(err) {
			t.Errorf("%s: %v, want 422", name, err)
		}
	}
	if n := len(h.llm.calls); n != 0 {
		t.Fatalf("refused plans called the model %d times", n)
	}
	if _, err := h.svc.Delete(t.Context(), mgr, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.ProposePlan(t.Context(), mgr, planInput(a.ID, 2)); !isKind(err, errs.ErrConflict) && !isKind(err, errs.ErrNotFound) {
		t.Fatalf("deleted agent: %v", err)
	}
}

func isValidation(err error) bool {
	var ve *errs.ValidationError
	return errors.As(err, &ve)
}
