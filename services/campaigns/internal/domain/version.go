package domain

import "github.com/copydesk/copydesk/pkg/workflow"

// checkVersion refuses a missing (422) or stale (409) version before any
// write (workflow.CheckVersion); the store's version claim makes the final
// decision atomically.
func checkVersion(c Campaign, version int64) error {
	return workflow.CheckVersion("Campaign", version, c.Version)
}

// StaleError is the 409 of a write based on an old version.
func StaleError(current int64) error { return workflow.Stale("Campaign", current) }
