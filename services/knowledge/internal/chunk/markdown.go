package chunk

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// markdownParser is goldmark with GitHub tables and strikethrough; it is
// safe for concurrent use.
var markdownParser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// readMarkdown walks the top level of the goldmark AST: headings move the
// heading path, every other block (paragraph, list, quote, code, table) is
// one block of text. Links keep their text and drop their URL, images keep
// their alt text, raw HTML goes through the HTML reader (so <script>,
// <style> and comments are dropped there too).
func readMarkdown(b *builder, src []byte) {
	doc := markdownParser.Parse(text.NewReader(src))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			var sb strings.Builder
			inlineText(&sb, n, src)
			b.heading(n.Level, sb.String())
		case *ast.HTMLBlock:
			readHTML(b, string(rawLines(n, src))+string(closure(n, src)))
		case *ast.ThematicBreak:
		default:
			var sb strings.Builder
			blockText(&sb, n, src, "")
			b.block(sb.String())
		}
	}
}

// blockText writes the text of a block node; indent prefixes the lines of
// nested list items.
func blockText(sb *strings.Builder, n ast.Node, src []byte, indent string) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		sb.WriteString(indent)
		inlineText(sb, n, src)
		sb.WriteByte('\n')
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		sb.Write(rawLines(n, src))
	case *ast.HTMLBlock:
		var hb builder
		readHTML(&hb, string(rawLines(n, src)))
		for _, bl := range hb.finish() {
			sb.WriteString(indent + bl.text + "\n")
		}
	case *ast.List:
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			var inner strings.Builder
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				blockText(&inner, c, src, "")
			}
			lines := strings.Split(strings.TrimRight(inner.String(), "\n"), "\n")
			for i, l := range lines {
				if i == 0 {
					sb.WriteString(indent + "- " + l + "\n")
				} else {
					sb.WriteString(indent + "  " + l + "\n")
				}
			}
		}
	case *east.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				var cb strings.Builder
				inlineText(&cb, cell, src)
				cells = append(cells, strings.TrimSpace(cb.String()))
			}
			sb.WriteString(indent + strings.Join(cells, " | ") + "\n")
		}
	default: // blockquote, list item, anything a newer goldmark adds
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			blockText(sb, c, src, indent)
		}
	}
}

// inlineText writes the text of n's inline children.
func inlineText(sb *strings.Builder, n ast.Node, src []byte) {
	skipping := false // inside inline <script> or <style>
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if raw, ok := c.(*ast.RawHTML); ok {
			tag := bytes.ToLower(raw.Segments.Value(src))
			switch {
			case bytes.HasPrefix(tag, []byte("<script")), bytes.HasPrefix(tag, []byte("<style")):
				skipping = true
			case bytes.HasPrefix(tag, []byte("</script")), bytes.HasPrefix(tag, []byte("</style")):
				skipping = false
			}
			continue
		}
		if skipping {
			continue
		}
		switch c := c.(type) {
		case *ast.Text:
			sb.Write(c.Value(src))
			switch {
			case c.HardLineBreak():
				sb.WriteByte('\n')
			case c.SoftLineBreak():
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(c.Value)
		case *ast.AutoLink:
			sb.Write(c.Label(src))
		default: // emphasis, links, images (alt text), code spans
			inlineText(sb, c, src)
		}
	}
}

func rawLines(n ast.Node, src []byte) []byte {
	var out []byte
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		out = append(out, seg.Value(src)...)
	}
	return out
}

func closure(n *ast.HTMLBlock, src []byte) []byte {
	if !n.HasClosure() {
		return nil
	}
	return n.ClosureLine.Value(src)
}
