// Package transport is the gRPC face of the campaigns service: handlers
// that parse a request, call one domain function and map the result, the
// Policy listing every method's roles, and the client of the tickets
// service's counts (ticketcounter.go). The users directory is the shared
// pkg/directory.Lookup.
package transport
