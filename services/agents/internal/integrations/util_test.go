package integrations_test

import (
	"errors"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

type principalT = principal.Principal

// violation is the message of a 422's first violation.
func violation(err error) string {
	var ve *errs.ValidationError
	if errors.As(err, &ve) {
		return ve.Violations[0].Msg
	}
	return ""
}
