package chunk

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// unit is a piece of text that never exceeds the token budget, with the
// separator that joins it to the text before it.
type unit struct {
	text   string
	tokens int
	sep    string
}

// pack turns blocks into chunks: blocks of one section are packed greedily
// up to max tokens; a section change always starts a new chunk; a block
// larger than max is cut at sentence ends, then at white space, then inside
// a word. Consecutive chunks of one section share up to overlap tokens (the
// tail words of the earlier chunk open the next one).
func pack(blocks []block, o Options) []Chunk {
	var out []Chunk
	var cur strings.Builder
	curTokens := 0
	var curPath []string
	emit := func() string {
		s := cur.String()
		if s != "" {
			out = append(out, Chunk{HeadingPath: curPath, Content: s, Position: len(out), TokenCount: curTokens})
		}
		cur.Reset()
		curTokens = 0
		return s
	}
	for i, bl := range blocks {
		if i == 0 || bl.section != blocks[i-1].section {
			emit()
			curPath = bl.path
		}
		for _, u := range units(bl.text, o.MaxTokens, o.MaxTokens-o.OverlapTokens) {
			if curTokens > 0 && curTokens+u.tokens > o.MaxTokens {
				prev := emit()
				if tail := tailTokens(prev, min(o.OverlapTokens, o.MaxTokens-u.tokens)); tail != "" {
					cur.WriteString(tail)
					curTokens = CountTokens(tail)
				}
			}
			if cur.Len() > 0 {
				cur.WriteString(u.sep)
			}
			cur.WriteString(u.text)
			curTokens += u.tokens
		}
	}
	emit()
	return out
}

// units splits one block into pieces of at most max tokens; the pieces of a
// cut block are re-joined up to join tokens (max minus the overlap, so that
// the overlap still fits beside them).
func units(text string, max, join int) []unit {
	if t := CountTokens(text); t <= max {
		return []unit{{text: text, tokens: t, sep: "\n\n"}}
	}
	var out []unit
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			sep := " "
			if len(out) == 0 {
				sep = "\n\n"
			}
			out = append(out, unit{text: s, tokens: CountTokens(s), sep: sep})
		}
	}
	for _, sentence := range sentences(text) {
		if CountTokens(sentence) <= max {
			add(sentence)
			continue
		}
		for _, word := range strings.Fields(sentence) {
			if CountTokens(word) <= max {
				add(word)
				continue
			}
			for _, piece := range hardSplit(word, max) {
				add(piece)
			}
		}
	}
	return merge(out, join)
}

// merge joins adjacent units of a cut block again while they stay within
// max, so a long sentence becomes a few units, not one per word.
func merge(us []unit, max int) []unit {
	var out []unit
	for _, u := range us {
		if n := len(out); n > 0 && u.sep == " " && out[n-1].tokens+u.tokens <= max {
			out[n-1].text += " " + u.text
			out[n-1].tokens += u.tokens
			continue
		}
		out = append(out, u)
	}
	return out
}

// sentences cuts text after '.', '!' or '?' followed by white space, and at
// line ends.
func sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		next, _ := utf8.DecodeRuneInString(text[i+n:])
		end := r == '\n' || ((r == '.' || r == '!' || r == '?') && (i+n == len(text) || unicode.IsSpace(next)))
		i += n
		if end {
			out = append(out, text[start:i])
			start = i
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}
