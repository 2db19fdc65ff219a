// Package transport is the gRPC face of the campaigns service: handlers
// that parse a request, call one domain function and map the result, the
// Policy listing every method's roles, and the clients of the other
// services the domain needs (users directory, ticket counts).
package transport
