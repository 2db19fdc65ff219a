package domain

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/textset"
)

// Limits of an agent.
const (
	maxName       = 200
	maxShort      = 2000
	maxRule       = 500
	maxRules      = 50
	maxStyleGuide = 20000
	maxExamples   = 20
	maxExampleIn  = 4000
	maxExampleOut = 8000
	maxTopK       = 20
	defaultTopK   = 5
	maxMaxTokens  = 8192
	defaultMaxTok = 1024
	defaultTemp   = 0.7
	maxMessage    = 20000
	maxTags       = 20
	maxTagLen     = 50
	maxSourceIDs  = 50
)

// Providers are the llm providers an agent may name ("" lets llm choose).
var Providers = []string{"", "openai", "anthropic", "offline"}

// DefaultModel is the model settings of an agent created without any.
var DefaultModel = ModelSettings{Temperature: defaultTemp, MaxTokens: defaultMaxTok}

func length(v *errs.Validator, field, s string, lo, hi int) {
	n := utf8.RuneCountInString(s)
	v.Check(n >= lo && n <= hi, field, "string_too_long", "%s must be %d to %d characters", field, lo, hi)
}

// cleanName trims and checks the name.
func cleanName(v *errs.Validator, s string) string {
	s = strings.TrimSpace(s)
	length(v, "name", s, 1, maxName)
	return s
}

func checkStatus(v *errs.Validator, s string) {
	v.Check(slices.Contains(Statuses, s), "status", "enum", "status must be one of %s", strings.Join(Statuses, ", "))
}

// cleanPersona trims the persona's lists and checks every limit.
func cleanPersona(v *errs.Validator, p Persona) Persona {
	length(v, "persona.voice", p.Voice, 0, maxShort)
	length(v, "persona.tone", p.Tone, 0, maxShort)
	length(v, "persona.audience", p.Audience, 0, maxShort)
	length(v, "persona.style_guide", p.StyleGuide, 0, maxStyleGuide)
	rules := func(field string, in []string) []string {
		out := textset.Normalize(v, textset.Rule{Field: field, Noun: "rules", Max: maxRules}, in)
		for i, r := range out {
			length(v, fmt.Sprintf("%s.%d", field, i), r, 1, maxRule)
		}
		return out
	}
	p.Do, p.Dont = rules("persona.do", p.Do), rules("persona.dont", p.Dont)
	v.Check(len(p.Examples) <= maxExamples, "persona.examples", "too_long", "at most %d examples", maxExamples)
	for i, e := range p.Examples {
		length(v, fmt.Sprintf("persona.examples.%d.input", i), e.Input, 1, maxExampleIn)
		length(v, fmt.Sprintf("persona.examples.%d.output", i), e.Output, 1, maxExampleOut)
	}
	if p.Examples == nil {
		p.Examples = []Example{}
	}
	return p
}

// cleanModel applies the default max_tokens and checks the settings.
func cleanModel(v *errs.Validator, m ModelSettings) ModelSettings {
	m.Provider, m.Model = strings.TrimSpace(m.Provider), strings.TrimSpace(m.Model)
	v.Check(slices.Contains(Providers, m.Provider), "model_settings.provider", "enum", "provider must be openai, anthropic, offline or empty")
	length(v, "model_settings.model", m.Model, 0, 100)
	v.Check(m.Temperature >= 0 && m.Temperature <= 2, "model_settings.temperature", "less_than_equal", "temperature must be from 0 to 2")
	if m.MaxTokens == 0 {
		m.MaxTokens = defaultMaxTok
	}
	v.Check(m.MaxTokens >= 1 && m.MaxTokens <= maxMaxTokens, "model_settings.max_tokens", "less_than_equal", "max_tokens must be from 1 to %d", maxMaxTokens)
	return m
}

// cleanKnowledge normalises the scope's lists and checks source ids.
func cleanKnowledge(v *errs.Validator, k KnowledgeScope) KnowledgeScope {
	k.Tags = textset.Normalize(v, textset.Rule{Field: "knowledge_scope.tags", Noun: "tags", Max: maxTags}, k.Tags)
	k.SourceIDs = textset.Normalize(v, textset.Rule{Field: "knowledge_scope.source_ids", Noun: "source ids", Max: maxSourceIDs}, k.SourceIDs)
	for i, id := range k.SourceIDs {
		v.Check(ids.Valid(id), fmt.Sprintf("knowledge_scope.source_ids.%d", i), "value_error", "not a valid id")
	}
	return k
}

func cleanTags(v *errs.Validator, tags []string) []string {
	out := textset.Normalize(v, textset.Rule{Field: "tags", Noun: "tags", Max: maxTags}, tags)
	for i, t := range out {
		length(v, fmt.Sprintf("tags.%d", i), t, 1, maxTagLen)
	}
	return out
}

func checkTopK(v *errs.Validator, k int) {
	v.Check(k >= 0 && k <= maxTopK, "top_k", "less_than_equal", "top_k must be from 0 to %d", maxTopK)
}
