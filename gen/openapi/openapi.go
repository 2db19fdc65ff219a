// Package openapi embeds the merged Swagger 2.0 document that
// protoc-gen-openapiv2 generates from every service's protos; the gateway
// serves it at /openapi.json.
package openapi

import _ "embed"

// Swagger is the merged document (copydesk.swagger.json).
//
//go:embed copydesk.swagger.json
var Swagger []byte
