// Package fakellm runs local HTTP servers that speak the real OpenAI and
// Anthropic wire formats, so that tests and benchmarks drive the real SDK
// code (go-openai, anthropic-sdk-go) and the real services against them:
//
//   - OpenAI: POST /v1/chat/completions (one JSON answer, or with
//     "stream": true SSE `data: {chunk}` events, one per token, a usage
//     chunk and `data: [DONE]`) and POST /v1/embeddings (float or base64);
//   - Anthropic: POST /v1/messages (one JSON answer, or SSE message_start,
//     content_block_start, ping, one content_block_delta per token,
//     content_block_stop, message_delta, message_stop).
//
// What a server answers is a Script: the tokens, and per request a Reply
// that can be an HTTP error with the vendor's error body and Retry-After /
// retry-after-ms, a hang until the client gives up, a malformed answer or
// a stream cut mid-way. A Gate releases a stream token by token (token n+1
// only after the test saw event n); Delay makes a slow model. Each script
// counts its requests, the tokens it sent and the requests whose client
// went away (WaitCancelled waits for them without polling).
//
// One server can serve many parallel tests: Server.NewScript registers a
// script selected by a key that the test puts into its prompt
// (Script.Prompt); requests without a key get the server's own default
// script, whose fields and counters the Server exposes directly.
//
// The package imports only the standard library.
package fakellm
