package domain

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Limits of a proposed piece (the campaigns service stores the same).
const (
	maxPieceTitle = 200
	maxPieceBrief = 4000
)

// dateLayout is how target dates travel in the model's JSON.
const dateLayout = time.DateOnly

// PlanTask is the user message of a plan: the campaign's brief, the
// window, evenly spread suggested dates, the allowed channels and types,
// the manager's instructions and the answer's schema (in the prompt as
// well, for providers without a JSON schema mode).
func PlanTask(in PlanInput, sources int) string {
	c := in.Campaign
	var b strings.Builder
	fmt.Fprintf(&b, "Campaign %q: propose a content plan of %d pieces.\n", oneLine(c.Name), in.Pieces)
	line := func(label, v string) { labeled(&b, label, v) }
	line("Goal", c.Goal)
	line("Audience", c.Audience)
	if d := strings.TrimSpace(c.Description); d != "" {
		fmt.Fprintf(&b, "Description:\n%s\n", d)
	}
	if c.BudgetCents > 0 {
		fmt.Fprintf(&b, "Budget: %d in the smallest unit of %s\n", c.BudgetCents, c.Currency)
	}
	fmt.Fprintf(&b, "Window: every target_date from %s to %s (inclusive); none after %s.\n",
		in.WindowStart.Format(dateLayout), c.EndAt.Format(dateLayout), c.EndAt.Format(dateLayout))
	fmt.Fprintf(&b, "Spread the pieces over the window, e.g. on %s.\n", strings.Join(suggestedDates(in), ", "))
	fmt.Fprintf(&b, "Channels (use only these): %s\n", strings.Join(in.Channels, ", "))
	fmt.Fprintf(&b, "Content types (use only these): %s\n", strings.Join(in.Types, ", "))
	if sources > 0 {
		fmt.Fprintf(&b, "In each piece's sources, list the numbers (1 to %d) of the reference excerpts it draws on.\n", sources)
	} else {
		b.WriteString("There are no reference excerpts: leave every piece's sources empty.\n")
	}
	if ins := strings.TrimSpace(in.Instructions); ins != "" {
		fmt.Fprintf(&b, "Instructions for this plan:\n%s\n", ins)
	}
	fmt.Fprintf(&b, "Answer with one JSON object only, no prose, following this JSON Schema:\n%s", planSchema(in, sources))
	return b.String()
}

// planSchema is the JSON Schema of a plan answer. The suggested dates,
// types and channels appear as examples and enums, so a model (and the
// offline provider, which answers with a deterministic instance of the
// schema) spreads the pieces over the window.
func planSchema(in PlanInput, sources int) string {
	dates := suggestedDates(in)
	srcExamples := []any{}
	for i := range min(sources, in.Pieces) {
		srcExamples = append(srcExamples, []int{i + 1})
	}
	srcItems := map[string]any{"type": "integer", "minimum": 1}
	if sources > 0 {
		srcItems["maximum"] = sources
	}
	srcSchema := map[string]any{"type": "array", "items": srcItems}
	if len(srcExamples) > 0 {
		srcSchema["examples"] = srcExamples
	}
	piece := map[string]any{
		"type":     "object",
		"required": []string{"title", "type", "channel", "brief", "target_date", "sources"},
		"properties": map[string]any{
			"title":       map[string]any{"type": "string", "maxLength": maxPieceTitle, "description": "working title"},
			"type":        map[string]any{"type": "string", "enum": in.Types},
			"channel":     map[string]any{"type": "string", "enum": in.Channels},
			"brief":       map[string]any{"type": "string", "maxLength": maxPieceBrief, "description": "what the piece says and does"},
			"target_date": map[string]any{"type": "string", "format": "date", "description": "YYYY-MM-DD inside the window", "examples": dates},
			"sources":     srcSchema,
		},
	}
	schema := map[string]any{
		"type": "object", "required": []string{"pieces"},
		"properties": map[string]any{"pieces": map[string]any{"type": "array", "minItems": in.Pieces, "maxItems": in.Pieces, "items": piece}},
	}
	b, _ := json.Marshal(schema)
	return string(b)
}

// suggestedDates spread n dates evenly inside the window: the i-th of n
// at (i+1)/(n+1) of it.
func suggestedDates(in PlanInput) []string {
	span := in.Campaign.EndAt.Sub(in.WindowStart)
	out := make([]string, 0, in.Pieces)
	for i := range in.Pieces {
		at := in.WindowStart.Add(span * time.Duration(i+1) / time.Duration(in.Pieces+1))
		out = append(out, at.UTC().Format(dateLayout))
	}
	return out
}
