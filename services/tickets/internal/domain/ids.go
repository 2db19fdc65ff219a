package domain

import (
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
)

// normalizeRef trims and lower-cases an optional reference id.
func normalizeRef(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validateRef checks the shape of an optional reference ("" = none).
// Only the shape: whether the campaign or agent exists is NOT checked —
// asking the campaigns service would make a dependency cycle (campaigns
// calls tickets for its summary).
func validateRef(v *errs.Validator, field, id string) {
	v.Check(id == "" || ids.Valid(id), field, "value_error", "%s must be an id (24 hexadecimal characters)", field)
}

// refDenied refuses a client who sets or changes campaign_id or agent_id:
// linking tickets to campaigns and agents is the staff's planning work.
func refDenied(p principal.Principal, field string) error {
	if p.Role != principal.RoleClient {
		return nil
	}
	return errs.New(errs.ErrPermissionDenied, "Clients may not set %s", field)
}
