package chunk

import (
	"unicode"
	"unicode/utf8"
)

// CountTokens approximates the number of LLM tokens (BPE, cl100k-like) in s
// without a vocabulary, so it is cheap and deterministic:
//
//   - a run of letters and digits of n runes counts ceil(n/4) tokens;
//   - every rune of a script written without spaces (Han, Hiragana,
//     Katakana, Hangul) counts 1 token;
//   - every other rune that is not white space (punctuation, symbols) counts
//     1 token;
//   - white space counts nothing.
//
// For English prose this errs on the high side by roughly 10–20 %, which is
// the safe side for prompt budgets. Because white space counts nothing, the
// count is additive over texts joined by white space.
func CountTokens(s string) int {
	var c counter
	for _, r := range s {
		c.add(r)
	}
	return c.total()
}

// counter counts tokens rune by rune (see CountTokens), so a text can be cut
// at the rune where it would exceed a budget.
type counter struct {
	done int // tokens of finished runs and single runes
	run  int // runes of the current letter/digit run
}

func (c *counter) add(r rune) {
	switch {
	case isDenseScript(r):
		c.flush()
		c.done++
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		c.run++
	case unicode.IsSpace(r):
		c.flush()
	default:
		c.flush()
		c.done++
	}
}

func (c *counter) flush() {
	c.done += (c.run + 3) / 4
	c.run = 0
}

func (c *counter) total() int { return c.done + (c.run+3)/4 }

func isDenseScript(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r))
}

// hardSplit cuts s (one word without white space, or any text) into pieces
// of at most max tokens each, at rune boundaries.
func hardSplit(s string, max int) []string {
	var out []string
	var c counter
	start := 0
	for i, r := range s {
		c.add(r)
		if c.total() > max {
			out = append(out, s[start:i])
			start = i
			c = counter{}
			c.add(r)
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// tailTokens returns the longest suffix of s made of whole words whose
// token count is at most budget ("" when even the last word is too long).
func tailTokens(s string, budget int) string {
	if budget <= 0 {
		return ""
	}
	end := len(s)
	cut := len(s)
	used := 0
	for end > 0 {
		// skip white space backwards
		for end > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		start := end
		for start > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:start])
			if unicode.IsSpace(r) {
				break
			}
			start -= n
		}
		if start == end {
			break
		}
		t := CountTokens(s[start:end])
		if used+t > budget {
			break
		}
		used += t
		cut = start
		end = start
	}
	return s[cut:]
}
