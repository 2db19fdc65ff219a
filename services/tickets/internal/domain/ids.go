package domain

import "regexp"

// idPattern is the shape of Copydesk ids (Mongo ObjectIDs in hex).
var idPattern = regexp.MustCompile(`^[0-9a-f]{24}$`)

// isID reports whether s has the shape of a Copydesk id.
func isID(s string) bool { return idPattern.MatchString(s) }
