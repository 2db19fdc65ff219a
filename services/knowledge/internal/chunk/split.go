package chunk

import (
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Chunk is one piece of a document, ready to be embedded and indexed.
type Chunk struct {
	// HeadingPath is the headings the chunk sits under, outermost first
	// (empty before the first heading and for plain text).
	HeadingPath []string
	// Content is the chunk's text: Markdown and HTML reduced to text with
	// paragraphs separated by blank lines and list items starting "- ".
	Content string
	// Position is the chunk's index in its document, from 0.
	Position int
	// TokenCount is CountTokens(Content), at most Options.MaxTokens.
	TokenCount int
}

// Split validates a document and cuts it into chunks. Every problem is
// reported at once as an *errs.ValidationError (HTTP 422) under the request
// fields "format", "content" and "chunking.*": an unknown format, content
// that is empty, too large, not UTF-8 or binary, out-of-range options, or a
// document that has no text once its markup is removed.
func Split(format string, content string, o Options) ([]Chunk, error) {
	var v errs.Validator
	f, ok := ParseFormat(format)
	v.Check(ok, "format", "value_error", "format must be one of text, markdown, html")
	validateContent(&v, content)
	o.validate(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	var b builder
	switch f {
	case Markdown:
		readMarkdown(&b, []byte(content))
	case HTML:
		readHTML(&b, content)
	default:
		readText(&b, content)
	}
	chunks := pack(b.finish(), o)
	if len(chunks) == 0 {
		v.Add("content", "value_error", "content has no text once its markup is removed")
		return nil, v.Err()
	}
	return chunks, nil
}

// readText makes one block of every paragraph (text between blank lines).
func readText(b *builder, content string) {
	var para []string
	flush := func() {
		b.block(strings.Join(para, "\n"))
		para = para[:0]
	}
	for line := range strings.Lines(content) {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		para = append(para, strings.TrimRight(line, " \t\r\n"))
	}
	flush()
}
