package chunk

import "strings"

// block is one piece of body text (a paragraph, a list, a code block, a
// table) under the heading path of its section.
type block struct {
	section int
	path    []string
	text    string
}

type heading struct {
	level int
	text  string
}

// builder collects blocks and keeps the heading stack while a reader walks
// a document. A heading with no body before a heading of the same or a
// higher level becomes a block of its own, so its words are not lost.
type builder struct {
	stack        []heading
	path         []string
	section      int
	blocks       []block
	pendingEmpty bool
}

func (b *builder) heading(level int, text string) {
	text = collapseSpace(text)
	if text == "" {
		return
	}
	if b.pendingEmpty && level <= b.stack[len(b.stack)-1].level {
		b.emit(b.stack[len(b.stack)-1].text)
	}
	for len(b.stack) > 0 && b.stack[len(b.stack)-1].level >= level {
		b.stack = b.stack[:len(b.stack)-1]
	}
	b.stack = append(b.stack, heading{level: level, text: text})
	b.path = make([]string, len(b.stack))
	for i, h := range b.stack {
		b.path[i] = h.text
	}
	b.section++
	b.pendingEmpty = true
}

func (b *builder) block(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	b.emit(text)
}

func (b *builder) emit(text string) {
	b.blocks = append(b.blocks, block{section: b.section, path: b.path, text: text})
	b.pendingEmpty = false
}

func (b *builder) finish() []block {
	if b.pendingEmpty {
		b.emit(b.stack[len(b.stack)-1].text)
	}
	return b.blocks
}

// collapseSpace trims s and turns every run of white space into one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
