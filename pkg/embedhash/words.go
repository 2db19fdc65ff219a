package embedhash

import (
	"strings"
	"unicode"
)

// stopwords carry no topic; dropping them makes overlap of content words
// dominate the similarity.
var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "has": true, "have": true, "how": true, "i": true, "in": true, "is": true,
	"it": true, "its": true, "of": true, "on": true, "or": true, "our": true, "that": true, "the": true,
	"this": true, "to": true, "was": true, "we": true, "what": true, "which": true, "with": true,
	"you": true, "your": true, "do": true, "does": true, "can": true, "will": true,
}

// IsWordRune reports whether r belongs to a word: letters and digits; every
// other rune separates words.
func IsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Words lowercases, splits on runes that are not letters or digits and
// normalises every word (see Normalize), dropping stopwords.
func Words(s string) []string {
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !IsWordRune(r) })
	out := parts[:0]
	for _, p := range parts {
		if w, ok := Normalize(p); ok {
			out = append(out, w)
		}
	}
	return out
}

// Normalize takes one lowercased word and returns its analysed form: a
// plural "s" is stripped so that "shoes" and "shoe" meet. ok is false for
// stopwords, which carry no topic.
func Normalize(word string) (w string, ok bool) {
	if stopwords[word] {
		return "", false
	}
	if len(word) > 3 && strings.HasSuffix(word, "s") && !strings.HasSuffix(word, "ss") {
		word = word[:len(word)-1]
	}
	return word, true
}
