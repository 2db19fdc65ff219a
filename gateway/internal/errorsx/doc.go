// Package errorsx is the gateway's one error path: it maps gRPC statuses
// (from the services, or made by the gateway while decoding a request) and
// routing failures to FastAPI-shaped HTTP answers ({"detail": ...}), and
// writes the gateway's own error bodies (401, 413, 422, ...).
//
// Mapping (gRPC code → HTTP):
//
//	InvalidArgument  → 422 with BadRequest field violations or a gateway
//	                   decode problem; 400 with ErrorInfo MALFORMED_ID or
//	                   BAD_REQUEST; 413 when the body was too large
//	NotFound 404 · Aborted/AlreadyExists/FailedPrecondition 409 ·
//	PermissionDenied 403 · Unauthenticated 401 (+WWW-Authenticate: Bearer) ·
//	ResourceExhausted 429 (+Retry-After from RetryInfo) · Unavailable 503 (+Retry-After: 1) ·
//	DeadlineExceeded 504 · Canceled 499 · Unimplemented 501 ·
//	everything else 500 {"detail": "Internal server error"}.
//
// Messages of 5xx answers are fixed strings: a driver message, host name,
// address or stack never reaches a client.
package errorsx
