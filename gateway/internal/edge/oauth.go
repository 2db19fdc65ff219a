package edge

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// oauthAnswer buffers the token endpoint's answer so that an error gets
// RFC 6749 §5.2's "error" code beside FastAPI's "detail" (OAuth2 client
// libraries read the former, the original's clients the latter).
type oauthAnswer struct {
	bufferedAnswer
	w http.ResponseWriter
}

func newOAuthAnswer(w http.ResponseWriter) *oauthAnswer {
	return &oauthAnswer{bufferedAnswer: bufferedAnswer{Head: w.Header()}, w: w}
}

// flush writes the answer, with "error" added to a JSON error object.
func (o *oauthAnswer) flush() {
	code, body := o.Code, o.Body.Bytes()
	if code == 0 {
		code = http.StatusOK
	}
	var m map[string]any
	if code >= 400 && json.Unmarshal(body, &m) == nil {
		if _, ok := m["error"]; !ok {
			detail, _ := m["detail"].(string)
			m["error"] = oauthErrorCode(code, detail)
			if detail != "" {
				m["error_description"] = detail
			}
			if b, err := json.Marshal(m); err == nil {
				body = b
			}
		}
	}
	o.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	o.w.WriteHeader(code)
	_, _ = o.w.Write(body)
}

// oauthErrorCode maps an answer of the token endpoint to RFC 6749 §5.2.
func oauthErrorCode(code int, detail string) string {
	switch {
	case detail == "unsupported_grant_type":
		return detail
	case code == http.StatusUnauthorized:
		return "invalid_grant" // bad credentials, an invalid or reused refresh token
	case code == http.StatusTooManyRequests, code == http.StatusServiceUnavailable:
		return "temporarily_unavailable"
	case code >= 500:
		return "server_error"
	default:
		return "invalid_request"
	}
}
