// Package transport maps the copydesk.knowledge.v1 gRPC API onto the
// domain: handlers parse, call one domain function and map the result.
// policy.go lists the roles of every method (fail closed).
package transport
