// Package domain owns the agents service's rules: agents and their
// numbered persona versions, roles and tenancy, validation, and chat — the
// prompt built from the persona, retrieved knowledge (a delimited data
// section, never instructions) and the conversation trimmed to a token
// budget, the citations the answer uses, and the stored turn. It imports
// no gRPC and no Mongo: ports.go declares what it needs.
package domain
