// Package transport maps the copydesk.agents.v1 gRPC API onto the domain
// (handlers parse, call one domain function and map the result; policy.go
// lists the roles of every method, fail closed) and adapts the knowledge
// and llm clients to the domain's ports.
package transport
