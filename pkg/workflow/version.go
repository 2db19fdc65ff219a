package workflow

import "github.com/copydesk/copydesk/pkg/errs"

// CheckVersion is the optimistic-concurrency rule of every versioned
// write, checked before it: the caller must send the version it read
// (missing or 0: 422 on body.version) and it must be the current one
// (otherwise Stale, 409). The store's version claim then decides between
// concurrent writers of that version. noun names the entity in the 409
// ("Ticket", "Campaign").
func CheckVersion(noun string, sent, current int64) error {
	if sent <= 0 {
		var v errs.Validator
		v.Add("version", "missing", "version is required: send the version you read")
		return v.Err()
	}
	if sent != current {
		return Stale(noun, current)
	}
	return nil
}

// Stale is the 409 of a write based on a version that is no longer the
// current one.
func Stale(noun string, current int64) error {
	return errs.New(errs.ErrConflict, "%s was changed by someone else (now version %d); reload and retry", noun, current)
}
