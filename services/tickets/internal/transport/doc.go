// Package transport holds the gRPC handlers of the tickets service. Each
// handler parses the request, takes the principal the auth interceptor
// verified, calls one domain function and maps the result to the
// copydesk.tickets.v1 messages. Policy lists the roles of every method.
package transport
