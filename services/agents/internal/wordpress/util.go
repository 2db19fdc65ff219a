package wordpress

import (
	"errors"
	"html"
)

func errorAs[T error](err error, target *T) bool { return err != nil && errors.As(err, target) }

// htmlUnescape undoes WordPress's escaping of term names ("Tips &amp;
// Tricks").
func htmlUnescape(s string) string { return html.UnescapeString(s) }
