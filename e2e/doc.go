// Package e2e holds the end-to-end tests of Copydesk: TestMain builds the
// service binaries and the gateway once, starts one stack (embedded
// FerretDB in a temp dir) with tools/devstack/stack, and every test speaks
// real HTTP to the gateway (and, for the spoofing checks, real gRPC to a
// service). Tests create their own companies and users with unique names,
// so they run in parallel against the one shared stack.
//
//	go test ./e2e/...            (or `make test`)
//	go test -short ./e2e/...     skips them
package e2e
