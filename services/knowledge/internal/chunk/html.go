package chunk

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements carry no readable text (or text a reader never sees).
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true,
	atom.Select: true, atom.Button: true, atom.Canvas: true,
}

// blockLevel elements end the text before them and start a new block.
var blockLevel = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Nav: true, atom.Aside: true, atom.Blockquote: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Table: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Figure: true,
	atom.Figcaption: true, atom.Form: true, atom.Address: true, atom.Hr: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true, atom.Fieldset: true,
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// readHTML parses src as an HTML document (as browsers do, so broken markup
// is still read) and turns it into blocks: h1–h6 move the heading path,
// block-level elements and list items separate blocks, <pre> keeps its
// white space, and scripts, styles, comments and the <head> are dropped.
func readHTML(b *builder, src string) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil { // html.Parse only fails on reader errors
		return
	}
	w := htmlWalker{b: b}
	w.walk(doc)
	w.flush()
}

type htmlWalker struct {
	b     *builder
	buf   strings.Builder
	pre   int
	space bool // the last rune written was white space
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.DocumentNode:
		w.children(n)
		return
	case html.ElementNode:
	default: // comments, doctype
		return
	}
	if skipped[n.DataAtom] {
		return
	}
	if level, ok := headingLevel[n.DataAtom]; ok {
		w.flush()
		w.b.heading(level, textContent(n))
		return
	}
	switch n.DataAtom {
	case atom.Br:
		w.write("\n")
	case atom.Img:
		for _, a := range n.Attr {
			if a.Key == "alt" {
				w.text(" " + a.Val + " ")
			}
		}
	case atom.Li:
		w.flush()
		w.write("- ")
		w.children(n)
		w.flush()
	case atom.Pre:
		w.flush()
		w.pre++
		w.children(n)
		w.pre--
		w.flush()
	case atom.Td, atom.Th:
		if w.buf.Len() > 0 {
			w.write(" | ")
		}
		w.children(n)
	default:
		if blockLevel[n.DataAtom] {
			w.flush()
			w.children(n)
			w.flush()
		} else {
			w.children(n)
		}
	}
}

func (w *htmlWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// text writes character data, collapsing white space outside <pre>.
func (w *htmlWalker) text(s string) {
	if w.pre > 0 {
		w.write(s)
		return
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !w.space && w.buf.Len() > 0 {
				w.buf.WriteByte(' ')
				w.space = true
			}
			continue
		}
		w.buf.WriteRune(r)
		w.space = false
	}
}

func (w *htmlWalker) write(s string) {
	w.buf.WriteString(s)
	w.space = strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n")
}

func (w *htmlWalker) flush() {
	w.b.block(w.buf.String())
	w.buf.Reset()
	w.space = false
}

// textContent is the text of n's subtree without skipped elements.
func textContent(n *html.Node) string {
	var sb strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			sb.WriteString(n.Data)
		case n.Type == html.ElementNode && skipped[n.DataAtom]:
		case n.Type == html.ElementNode && n.DataAtom == atom.Img:
			for _, a := range n.Attr {
				if a.Key == "alt" {
					sb.WriteString(" " + a.Val + " ")
				}
			}
		default:
			if n.Type == html.ElementNode && (blockLevel[n.DataAtom] || n.DataAtom == atom.Br) {
				sb.WriteByte(' ')
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				rec(c)
			}
		}
	}
	rec(n)
	return sb.String()
}
