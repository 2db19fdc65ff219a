// Package apidoc owns the OpenAPI (Swagger 2.0) document the gateway serves
// at /openapi.json. protoc-gen-openapiv2 writes the paths, parameters and
// schemas from the protos (gen/openapi); Build adds, once at start-up, what
// the generator cannot say truthfully in one place: the OAuth2 password flow
// and who needs it, the form body of /auth/token, and the error answers
// (FastAPI's {detail} and 422 shapes) each operation can give.
// See gateway/README.md ("The OpenAPI document") for why this is not done
// with the generator's proto options.
package apidoc
