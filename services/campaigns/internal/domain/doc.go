// Package domain holds the campaigns service's rules: who may see and
// change a campaign, validation, the status workflow (workflow.go), the
// progress summary and the scheduler's automatic steps (schedule.go). It
// imports no gRPC and no Mongo; it declares the small interfaces it needs
// (ports.go) and the store and transport packages implement them.
package domain
