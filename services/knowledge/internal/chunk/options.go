package chunk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Format is how a document's content is written.
type Format string

// The formats Split reads.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	HTML     Format = "html"
)

// Size limits and defaults of chunking, in approximate tokens (CountTokens).
const (
	DefaultMaxTokens     = 400
	DefaultOverlapTokens = 50
	MinMaxTokens         = 32
	MaxMaxTokens         = 2000
	// MaxContentBytes bounds one document; a larger one is a 422, not a
	// memory spike.
	MaxContentBytes = 4 << 20
)

// Options say how large chunks are. The zero value means the defaults.
type Options struct {
	// MaxTokens bounds every chunk's CountTokens: MinMaxTokens..MaxMaxTokens,
	// 0 means DefaultMaxTokens.
	MaxTokens int
	// OverlapTokens is how much of the end of a chunk is repeated at the start
	// of the next chunk of the same section: 0..MaxTokens/2. A negative value
	// means no overlap, 0 means DefaultOverlapTokens (capped at MaxTokens/2).
	OverlapTokens int
}

// withDefaults fills zero values in.
func (o Options) withDefaults() Options {
	if o.MaxTokens == 0 {
		o.MaxTokens = DefaultMaxTokens
	}
	switch {
	case o.OverlapTokens == 0:
		o.OverlapTokens = min(DefaultOverlapTokens, o.MaxTokens/2)
	case o.OverlapTokens < 0:
		o.OverlapTokens = 0
	}
	return o
}

// Validate reports the options' violations under the request field
// "chunking" (422 through errs.ValidationError), or nil.
func (o Options) Validate() error {
	var v errs.Validator
	o.validate(&v)
	return v.Err()
}

func (o Options) validate(v *errs.Validator) {
	d := o.withDefaults()
	v.Check(d.MaxTokens >= MinMaxTokens && d.MaxTokens <= MaxMaxTokens, "chunking.max_tokens", "value_error",
		"max_tokens must be between %d and %d", MinMaxTokens, MaxMaxTokens)
	v.Check(d.OverlapTokens <= d.MaxTokens/2, "chunking.overlap_tokens", "value_error",
		"overlap_tokens must be at most half of max_tokens")
}

// ParseFormat checks a format name: "text", "markdown" or "html" ("md" and
// "plain" are not accepted: one spelling each).
func ParseFormat(s string) (Format, bool) {
	switch f := Format(s); f {
	case Text, Markdown, HTML:
		return f, true
	}
	return "", false
}

// validateContent reports why content cannot be a document: empty, too
// large, not UTF-8, or binary (a NUL byte, or more than 1 % control runes).
func validateContent(v *errs.Validator, content string) {
	const field = "content"
	switch {
	case strings.TrimSpace(content) == "":
		v.Add(field, "value_error", "content is empty")
	case len(content) > MaxContentBytes:
		v.Add(field, "value_error", "content is larger than %d bytes", MaxContentBytes)
	case !utf8.ValidString(content):
		v.Add(field, "value_error", "content is not valid UTF-8")
	case isBinary(content):
		v.Add(field, "value_error", "content looks binary, not text")
	}
}

func isBinary(s string) bool {
	control, total := 0, 0
	for _, r := range s {
		total++
		if r == 0 {
			return true
		}
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			control++
		}
	}
	return control*100 > total
}
