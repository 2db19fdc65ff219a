package textset

import "github.com/copydesk/copydesk/pkg/errs"

// Limits of the tags of every tagged entity (tickets, campaigns).
const (
	// MaxTags is the most tags an entity takes, counted as sent.
	MaxTags = 20
	// MaxTag is the longest tag, in characters.
	MaxTag = 50
)

// TagRule normalises tags: trimmed, empty and repeated ones dropped, at
// most MaxTags as sent.
var TagRule = Rule{Field: "tags", Noun: "tags", Max: MaxTags}

// Tags normalises a "tags" field by TagRule and checks it (CheckTags).
func Tags(v *errs.Validator, in []string) []string {
	tags := Normalize(v, TagRule, in)
	CheckTags(v, tags)
	return tags
}

// CheckTags adds a violation of "tags" to v for every normalised tag
// longer than MaxTag characters.
func CheckTags(v *errs.Validator, tags []string) {
	for _, t := range tags {
		v.Check(len([]rune(t)) <= MaxTag, "tags", "string_too_long", "a tag must be at most %d characters", MaxTag)
	}
}
