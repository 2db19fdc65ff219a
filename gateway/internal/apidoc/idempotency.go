package apidoc

import "strings"

// streamSuffixes end the POST paths that create nothing and stream (chat
// and completions): the gateway ignores Idempotency-Key there.
var streamSuffixes = []string{"/chat", "/chat/stream", "/completion", "/completion/stream"}

// addIdempotencyKey documents the optional Idempotency-Key header of an
// authenticated POST (gateway/internal/idempotency).
func addIdempotencyKey(op object, path, method string, public bool) {
	if method != "post" || public || !strings.HasPrefix(path, "/api/") {
		return
	}
	for _, s := range streamSuffixes {
		if strings.HasSuffix(path, s) {
			return
		}
	}
	params, _ := op["parameters"].(list)
	op["parameters"] = append(params, object{
		"name": "Idempotency-Key", "in": "header", "required": false, "type": "string",
		"minLength": 1, "maxLength": 255,
		"description": "Makes a retry safe: the same key and request within 24 h return the first answer " +
			"(header Idempotent-Replayed: true) without acting twice; the same key with another request is 422. " +
			"Scoped to the caller.",
	})
}
