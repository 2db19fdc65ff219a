// Package transport holds the gRPC handlers of the users service
// (CompanyService, UserService, DirectoryService). A handler parses the
// request, takes the principal from the context, calls one domain function
// and maps the result; it never builds a status itself (grpcserver maps the
// domain errors once). Policy lists every method with its allowed roles.
package transport
