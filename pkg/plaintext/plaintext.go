// Package plaintext owns what Copydesk accepts as text: valid UTF-8 without
// control characters other than newline, carriage return (CRLF line ends)
// and tab. Valid checks one string; Violation walks a whole request
// message (nested messages, lists, maps, google.protobuf.Value) so that
// pkg/grpcserver can refuse a NUL or an escape sequence in any text field
// of any service before a handler runs, and domain code with its own
// checks (knowledge's chunker) uses the same rule.
package plaintext

import (
	"unicode"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Valid reports whether s is valid UTF-8 without control characters other
// than '\n', '\r' and '\t'.
func Valid(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return false
		}
	}
	return true
}

// Violation returns the dotted path of the first string field of m (at
// any depth) that is not Valid, and whether there is one.
func Violation(m protoreflect.Message) (string, bool) {
	var path string
	found := false
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if sub, bad := fieldViolation(fd, v); bad {
			path, found = join(string(fd.Name()), sub), true
			return false
		}
		return true
	})
	return path, found
}

func fieldViolation(fd protoreflect.FieldDescriptor, v protoreflect.Value) (string, bool) {
	switch {
	case fd.IsList():
		l := v.List()
		for i := range l.Len() {
			if sub, bad := valueViolation(fd, l.Get(i)); bad {
				return sub, true
			}
		}
	case fd.IsMap():
		var sub string
		bad := false
		v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
			if fd.MapKey().Kind() == protoreflect.StringKind && !Valid(k.String()) {
				bad = true
				return false
			}
			sub, bad = valueViolation(fd.MapValue(), mv)
			return !bad
		})
		return sub, bad
	default:
		return valueViolation(fd, v)
	}
	return "", false
}

func valueViolation(fd protoreflect.FieldDescriptor, v protoreflect.Value) (string, bool) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return "", !Valid(v.String())
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return Violation(v.Message())
	}
	return "", false
}

func join(a, b string) string {
	if b == "" {
		return a
	}
	return a + "." + b
}
