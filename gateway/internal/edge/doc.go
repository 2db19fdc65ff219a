// Package edge is the REST edge of Copydesk: it registers every service's
// grpc-gateway handlers from one table (services.go), verifies the caller's
// JWT, drops client-set identity headers, bounds body, header and time,
// answers CORS for configured origins, and serves /healthz, /readyz,
// /metrics, /openapi.json and /.well-known/jwks.json (auth's public keys),
// and the admin console at /admin.
//
// Request path (outermost first):
//  1. observe  – recovery, X-Request-Id, access log, Prometheus metrics;
//  2. cors     – exact-origin CORS, preflights answered here;
//  3. sanitize – Grpc-* and X-Copydesk-* request headers removed, body
//     bounded by MAX_BODY_BYTES (413);
//  4. ops      – /healthz, /readyz, /metrics, /openapi.json,
//     /.well-known/jwks.json (public);
//     then /admin, the built admin console (package console, ADMIN_DIR);
//  5. grpc-gateway mux: routing (404/405), then the route middleware
//     (auth.go: bearer JWT → principal, form-only /auth/token, no-store),
//     then the generated handler; grpcclient forwards the principal.
package edge
