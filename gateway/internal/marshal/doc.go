// Package marshal holds the gateway's runtime.Marshalers: JSON (protojson
// with proto field names, unpopulated fields emitted, unknown fields
// refused) and the OAuth2 form decoder for POST /auth/token, which answers
// in JSON. Decoding problems are returned as errorsx decode errors so that
// the error handler can answer 413 or 422 with a FastAPI-shaped body.
package marshal
