package domain

import "github.com/copydesk/copydesk/pkg/workflow"

// checkVersion refuses a missing (422 on body.version) or stale (409)
// version before any write (workflow.CheckVersion); the store's version
// claim makes the final decision atomically.
func checkVersion(t Ticket, version int64) error {
	return workflow.CheckVersion("Ticket", version, t.Version)
}

// StaleError is the 409 of a write based on an old version.
func StaleError(current int64) error { return workflow.Stale("Ticket", current) }
