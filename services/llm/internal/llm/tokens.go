package llm

import "unicode/utf8"

// CountTokens estimates the tokens of s when a provider reports no usage:
// about four characters a token, at least one for non-empty text.
func CountTokens(s string) int {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return 0
	}
	return (n + 3) / 4
}

// PromptTokens estimates the prompt tokens of r.
func PromptTokens(r Request) int {
	n := CountTokens(r.System)
	for _, m := range r.Messages {
		n += CountTokens(m.Content) + 1
	}
	return n
}
