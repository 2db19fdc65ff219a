package domain

import (
	"regexp"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// idPattern is the shape of Copydesk ids (Mongo ObjectIDs in hex).
var idPattern = regexp.MustCompile(`^[0-9a-f]{24}$`)

// isID reports whether s has the shape of a Copydesk id.
func isID(s string) bool { return idPattern.MatchString(s) }

// normalizeRef trims and lower-cases an optional reference id.
func normalizeRef(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validateRef checks the shape of an optional reference ("" = none).
// Only the shape: whether the campaign or agent exists is NOT checked —
// asking the campaigns service would make a dependency cycle (campaigns
// calls tickets for its summary).
func validateRef(v *errs.Validator, field, id string) {
	v.Check(id == "" || isID(id), field, "value_error", "%s must be an id (24 hexadecimal characters)", field)
}

// refDenied refuses a client who sets or changes campaign_id or agent_id:
// linking tickets to campaigns and agents is the staff's planning work.
func refDenied(p principal.Principal, field string) error {
	if p.Role != principal.RoleClient {
		return nil
	}
	return errs.New(errs.ErrPermissionDenied, "Clients may not set %s", field)
}
