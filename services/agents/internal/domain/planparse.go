package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// planAnswer is the JSON a plan answer must hold.
type planAnswer struct {
	Pieces []struct {
		Title      string `json:"title"`
		Type       string `json:"type"`
		Channel    string `json:"channel"`
		Brief      string `json:"brief"`
		TargetDate string `json:"target_date"`
		Sources    []int  `json:"sources"`
	} `json:"pieces"`
}

// parsePlan reads a plan answer strictly: one JSON object (a Markdown
// code fence around it is tolerated) with 1..in.Pieces pieces (more are
// cut off), each with a title, a type and a channel of the allowed ones
// (case-insensitive) and a target date (YYYY-MM-DD or RFC 3339). Dates
// are placed at noon UTC and moved into the window [WindowStart, EndAt];
// source numbers outside 1..sources are dropped; long titles and briefs
// are cut. Anything else is an error that says what is wrong.
func parsePlan(text string, in PlanInput, sources int) ([]PlannedPiece, error) {
	var a planAnswer
	dec := json.NewDecoder(strings.NewReader(jsonObject(text)))
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("not a JSON object with pieces (%v)", err)
	}
	if len(a.Pieces) == 0 {
		return nil, errors.New("no pieces")
	}
	a.Pieces = a.Pieces[:min(len(a.Pieces), in.Pieces)]
	out := make([]PlannedPiece, 0, len(a.Pieces))
	for i, p := range a.Pieces {
		title := strings.TrimSpace(p.Title)
		typ, okType := oneOf(p.Type, in.Types)
		channel, okChannel := oneOf(p.Channel, in.Channels)
		date, okDate := parseTargetDate(p.TargetDate)
		switch {
		case title == "":
			return nil, fmt.Errorf("piece %d has no title", i+1)
		case !okType:
			return nil, fmt.Errorf("piece %d: type %q is not one of %s", i+1, p.Type, strings.Join(in.Types, ", "))
		case !okChannel:
			return nil, fmt.Errorf("piece %d: channel %q is not one of %s", i+1, p.Channel, strings.Join(in.Channels, ", "))
		case !okDate:
			return nil, fmt.Errorf("piece %d: target_date %q is not a date (YYYY-MM-DD)", i+1, p.TargetDate)
		}
		piece := PlannedPiece{Title: truncateRunes(title, maxPieceTitle), Type: typ, Channel: channel,
			Brief: truncateRunes(strings.TrimSpace(p.Brief), maxPieceBrief), TargetDate: clampTime(date, in.WindowStart, in.Campaign.EndAt),
			Sources: []int{}}
		for _, n := range p.Sources {
			if n >= 1 && n <= sources && !slices.Contains(piece.Sources, n) {
				piece.Sources = append(piece.Sources, n)
			}
		}
		slices.Sort(piece.Sources)
		out = append(out, piece)
	}
	return out, nil
}

// jsonObject is text without a Markdown code fence around it.
func jsonObject(text string) string {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "```") {
		t = strings.TrimPrefix(t, "```json")
		t = strings.TrimPrefix(t, "```")
		t = strings.TrimSuffix(strings.TrimSpace(t), "```")
	}
	return t
}

// oneOf is v as the allowed value it names, case-insensitively.
func oneOf(v string, allowed []string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, a := range allowed {
		if strings.EqualFold(a, v) {
			return a, true
		}
	}
	return "", false
}

// parseTargetDate reads YYYY-MM-DD (noon UTC) or RFC 3339.
func parseTargetDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if d, err := time.Parse(dateLayout, s); err == nil {
		return d.Add(12 * time.Hour), true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// clampTime moves t into [lo, hi].
func clampTime(t, lo, hi time.Time) time.Time {
	if t.Before(lo) {
		return lo
	}
	if t.After(hi) {
		return hi
	}
	return t
}
