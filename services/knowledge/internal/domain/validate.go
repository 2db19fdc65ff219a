package domain

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/plaintext"
	"github.com/copydesk/copydesk/pkg/textset"
)

// Limits of the REST contract (proto comments).
const (
	maxTitle    = 300
	maxContent  = 20000
	maxTags     = 20
	maxTag      = 50
	maxAgents   = 50
	maxHeadings = 10
	maxRef      = 500
	maxType     = 40
	maxQuery    = 2000
	maxTopK     = 50
	defaultTopK = 10
)

// text checks a required or optional text field.
func text(v *errs.Validator, field, s string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.Add(field, "missing", "%s is required", field)
	case !plaintext.Valid(s):
		v.Add(field, "value_error", "%s must be UTF-8 text without control characters", field)
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "value_error", "%s is too long: at most %d characters", field, max)
	}
}

// labels checks and normalises a list of tags (pkg/textset: counted as
// sent, then trimmed, lower-cased and de-duplicated with a set).
func labels(v *errs.Validator, field string, in []string) []string {
	out := textset.Normalize(v, textset.Rule{Field: field, Noun: field, Max: maxTags, Fold: strings.ToLower}, in)
	for _, t := range out {
		if utf8.RuneCountInString(t) > maxTag || !plaintext.Valid(t) {
			v.Add(field, "value_error", "Each of %s must be 1..%d characters of text", field, maxTag)
			return nil
		}
	}
	return out
}

// idList checks a list of ids (counted as sent) and de-duplicates it.
func idList(v *errs.Validator, field string, in []string, max int) []string {
	out := textset.Normalize(v, textset.Rule{Field: field, Noun: field, Max: max}, in)
	for _, id := range out {
		if !ids.Valid(id) {
			v.Add(field, "value_error", "Each of %s must be an id (24 hexadecimal characters)", field)
			return nil
		}
	}
	return out
}

// optionalID checks a single optional id.
func optionalID(v *errs.Validator, field, id string) {
	if id != "" && !ids.Valid(id) {
		v.Add(field, "value_error", "%s must be an id (24 hexadecimal characters)", field)
	}
}

// headings checks a heading path.
func headings(v *errs.Validator, in []string) []string {
	if len(in) > maxHeadings {
		v.Add("heading_path", "value_error", "At most %d headings", maxHeadings)
		return nil
	}
	for _, h := range in {
		text(v, "heading_path", h, true, maxTitle)
	}
	return in
}

// httpURL checks an optional http(s) URL.
func httpURL(v *errs.Validator, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 2000 {
		v.Add(field, "value_error", "%s must be an http or https URL", field)
	}
}

// validateIngest checks the fields of in that are not the document
// itself (package chunk checks format, content and chunking when it
// splits).
func (s *Service) validateIngest(in *IngestInput) error {
	var v errs.Validator
	text(&v, "title", in.Title, true, maxTitle)
	v.Check(len(in.Content) <= s.cfg.MaxDocumentBytes, "content", "value_error",
		"The document is too large: at most %d bytes", s.cfg.MaxDocumentBytes)
	text(&v, "source.type", in.SourceType, true, maxType)
	text(&v, "source.ref", in.Ref, true, maxRef)
	httpURL(&v, "source.url", in.URL)
	in.Tags = labels(&v, "tags", in.Tags)
	in.AgentIDs = idList(&v, "agent_ids", in.AgentIDs, maxAgents)
	return v.Err()
}
