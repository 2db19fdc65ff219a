// Package transport is the gRPC face of the auth service: the handlers of
// copydesk.auth.v1.AuthService (one file per RPC), its role Policy, and the
// client side towards the users service (directory.go).
//
// Handlers parse, call one domain function and map the result; errors are
// pkg/errs kinds that the grpcserver interceptor maps to statuses once.
//
// Me asks the users service's UserService.GetUser for the caller with the
// caller's OWN identity (grpcclient forwards the bearer token of the
// principal in the context), not with a service identity: auth needs no more
// privilege than the user has, and the users service applies its own rules
// (every user may read themselves).
package transport
